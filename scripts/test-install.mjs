#!/usr/bin/env node
// The install test (`npm run test:install`; .ci/run runs it): Baton as a user installs it, outside this
// repository. Builds and packs every publishable package, installs the tarballs into a new folder in
// the OS temp directory, runs `baton init`, then checks what the README promises: materialize, the
// type check (and a wrong typed edge failing it), the scaffolded unit test, and `baton dev` serving
// the UI and GraphiQL. Prints one line per check and a summary line; exit 1 when a check fails.
//   --skip-build   use the dist/ folders as they are     --keep   leave the project folder for a look
//   --project <dir>   run the checks again in a project an earlier --keep run left (no build, pack or install)
import { spawn } from 'node:child_process';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { REPO, batonBin, installProject, packAll, resolveFrom, run, userEnv } from './install-project.mjs';

const args = process.argv.slice(2);
const started = performance.now();
const results = [];
const log = (line) => console.log(`[install] ${line}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function check(name, fn) {
  const t = performance.now();
  try {
    const note = await fn();
    results.push({ name, ok: true });
    log(`ok   ${name}${note ? ` (${note})` : ''} — ${secs(performance.now() - t)}`);
  } catch (error) {
    results.push({ name, ok: false });
    log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function expectThat(condition, message) {
  if (!condition) throw new Error(message);
}

const tail = (r) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`;

let project;
let tarballDir;
let dev;
try {
  const reuse = args.includes('--project') ? args[args.indexOf('--project') + 1] : undefined;
  if (reuse) {
    project = realpathSync(reuse);
    log(`checking the installed project ${project}`);
  } else {
    const packed = await packAll({ skipBuild: args.includes('--skip-build'), log });
    tarballDir = packed.dir;
    log(`${packed.tarballs.length} tarballs: ${packed.tarballs.map((t) => t.split(sep).at(-1)).join(', ')}`);
    const installed = await installProject(packed.tarballs, { log });
    project = installed.dir;
    log(`installed in ${secs(installed.timings.installMs)}, init + devDependencies in ${secs(installed.timings.devInstallMs)}`);
  }
  const baton = batonBin(project);

  await check('every module resolves inside the project, none through the repository', () => {
    const specifiers = ['@baton/core', '@baton/cli/package.json', '@baton/actions', '@baton/runner', '@baton/storage', '@baton/queue-graphile', '@baton/testing', 'create-baton', 'tsx', 'better-sqlite3'];
    const outside = specifiers.map((s) => [s, resolveFrom(project, s)]).filter(([, path]) => !path.startsWith(project + sep) || path.startsWith(REPO));
    expectThat(outside.length === 0, `resolved outside ${project}: ${outside.map(([s, p]) => `${s} -> ${p}`).join(', ')}`);
    const core = JSON.parse(readFileSync(join(project, 'node_modules', '@baton', 'core', 'package.json'), 'utf8'));
    expectThat(!JSON.stringify(core.exports).includes('@baton/source'), '@baton/core was installed with the @baton/source condition');
    return `${specifiers.length} specifiers`;
  });

  await check("baton materialize --select '*' succeeds (no partition named: the latest day, and the days it reads)", async () => {
    const r = await run(baton, ['materialize', '--select', '*'], { cwd: project });
    expectThat(r.code === 0, tail(r));
    expectThat(/Succeeded: 3 step\(s\) succeeded, 0 failed/.test(r.stdout + r.stderr), tail(r));
    expectThat(/No partition named, so the latest .*raw\/orders \d{4}-\d{2}-\d{2}…\d{4}-\d{2}-\d{2}, marts\/trailing_revenue \d{4}-\d{2}-\d{2}\. Pick others with --partition/.test(r.stdout), tail(r));
    const status = await run(baton, ['status', '--json'], { cwd: project });
    expectThat(status.code === 0 && status.stdout.includes('marts/trailing_revenue'), tail(status));
  });

  await check("baton materialize --select '*' --from/--to (the scaffold's first week) succeeds", async () => {
    const r = await run(baton, ['materialize', '--select', '*', '--from', '2026-01-01', '--to', '2026-01-07'], { cwd: project });
    expectThat(r.code === 0, tail(r));
    expectThat(/Succeeded: \d+ step\(s\) succeeded, 0 failed/.test(r.stdout + r.stderr), tail(r));
  });

  await check('npm run materialize and npm run typecheck pass', async () => {
    const m = await run('npm', ['run', 'materialize'], { cwd: project });
    expectThat(m.code === 0, tail(m));
    const t = await run('npm', ['run', 'typecheck'], { cwd: project });
    expectThat(t.code === 0, tail(t));
  });

  await check('a wrong typed edge fails npm run typecheck with TS2339', async () => {
    // wire marts/trailing_revenue to raw/products instead of raw/orders: its compute reads order fields
    const file = join(project, 'baton.config.ts');
    const original = readFileSync(file, 'utf8');
    const broken = original.replace('input(orders, { mapping', 'input(products, { mapping');
    expectThat(broken !== original, 'the scaffold changed: the edit point `input(orders, { mapping` is gone');
    writeFileSync(file, broken);
    try {
      const t = await run('npm', ['run', 'typecheck'], { cwd: project });
      expectThat(t.code !== 0, `typecheck passed with the wrong upstream:\n${tail(t)}`);
      const expected = /baton\.config\.ts\(\d+,\d+\): error TS2339: Property 'amountCents' does not exist on type '\{ sku: string; priceCents: number; \}'/;
      expectThat(expected.test(t.stdout), `unexpected errors:\n${tail(t)}`);
    } finally {
      writeFileSync(file, original);
    }
  });

  await check('the scaffolded unit test passes (npm test)', async () => {
    const r = await run('npm', ['test'], { cwd: project });
    expectThat(r.code === 0 && /1 passed/.test(r.stdout), tail(r));
  });

  await check('baton dev serves the UI at / and GraphiQL at /graphql (loading nothing from another host), and runs a launched materialization', async () => {
    dev = spawn(baton, ['dev', '--port', '0'], { cwd: project, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`baton dev was not ready in 120 s:\n${out}`)), 120_000);
      const onData = (d) => {
        out += d;
        const m = /ready at (http:\/\/[\d.]+:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      dev.stdout.on('data', onData);
      dev.stderr.on('data', onData);
      dev.on('exit', (code) => reject(new Error(`baton dev exited (${code}):\n${out}`)));
    });
    const page = await (await fetch(`${url}/`)).text();
    expectThat(/<div id="root">/.test(page) && /<script type="module"[^>]+src="\/assets\/index-[\w-]+\.js"/.test(page), `/ is not the built UI:\n${page.slice(0, 500)}`);
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(page)[1];
    expectThat((await fetch(`${url}${script}`)).status === 200, `${script} is not served`);
    const graphiql = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    const html = await graphiql.text();
    expectThat(graphiql.status === 200 && /graphiql/i.test(html), `/graphql did not serve GraphiQL (${graphiql.status}):\n${html.slice(0, 500)}`);
    const api = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ assets { nodes { key } } }' }) });
    const body = await api.text();
    expectThat(api.status === 200 && body.includes('marts/trailing_revenue'), `the API did not list the assets: ${body.slice(0, 500)}`);
    // a run launched through the API executes in the dev server's step processes (built runner + tsx for the definitions)
    const gql = async (query) => (await (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json());
    const launched = await gql('mutation { materialize(selection: "raw/products") { __typename ... on LaunchSuccess { runs { id } } } }');
    const runId = launched.data?.materialize?.runs?.[0]?.id;
    expectThat(runId, `materialize over the API did not launch a run: ${JSON.stringify(launched)}`);
    let status;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      status = (await gql(`{ run(id: "${runId}") { status error } }`)).data?.run;
      if (status && ['SUCCESS', 'FAILURE', 'CANCELED'].includes(status.status)) break;
    }
    expectThat(status?.status === 'SUCCESS', `the run launched over the API ended ${JSON.stringify(status)}:\n${out.slice(-3000)}`);
    // what the page itself loads: <script src>, <link href> (stylesheets, icons), <img>/<iframe> src, quoted or not
    const loads = /<(?:script|link|img|iframe)\b[^>]*?\s(?:src|href)\s*=\s*["']?(https?:\/\/[^\s"'>/]+)/gi;
    const external = [...new Set([...html.matchAll(loads)].map((m) => m[1]))].filter((h) => !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/i.test(h));
    expectThat(external.length === 0, `GraphiQL's page references other hosts (it must work offline): ${external.join(', ')}`);
  });
} catch (error) {
  results.push({ name: 'setup', ok: false });
  log(`FAIL setup: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (dev && dev.exitCode === null) {
    dev.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    if (dev.exitCode === null) dev.kill('SIGKILL');
  }
  if (!args.includes('--keep') && !args.includes('--project')) {
    for (const d of [project, tarballDir]) if (d) rmSync(d, { recursive: true, force: true });
  } else if (project) log(`kept ${project}`);
}

const failed = results.filter((r) => !r.ok);
console.log(`install test: ${failed.length === 0 ? 'PASS' : 'FAIL'} — ${results.length - failed.length}/${results.length} checks passed in ${secs(performance.now() - started)}${failed.length ? `; failed: ${failed.map((f) => f.name).join('; ')}` : ''}`);
process.exit(failed.length === 0 ? 0 : 1);
