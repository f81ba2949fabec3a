import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baton, eventually, graphql, makeProject, removeProject, startBaton, stopBaton } from './baton-process';

// `baton dev` as a real process: the API answers, the UI route is served, definitions reload on
// edit and a broken edit keeps the last good ones, and the CLI works beside it on the same store.
describe('baton dev', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let output: () => string;
  const defs = () => join(dir, 'baton.config.ts');

  beforeAll(async () => {
    dir = makeProject('shop');
    // the background type check has its own suite (cli-typecheck.test.ts)
    const started = await startBaton(['dev', '--port', '0', '--no-typecheck'], { cwd: dir, ready: /ready at (http:\/\/127\.0\.0\.1:\d+)/ });
    child = started.child;
    output = started.output;
    url = started.match[1]!;
  }, 30_000);
  afterAll(async () => {
    if (child) expect(await stopBaton(child)).toBe(0);
    removeProject(dir);
  });

  it('prints its URL on 127.0.0.1 and answers GraphQL with the definitions', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await graphql(url, '{ definitionsStatus { ok assetCount error { message } } assets { totalCount nodes { key } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.definitionsStatus).toEqual({ ok: true, assetCount: 4, error: null });
    expect(res.data.assets.nodes.map((n: { key: string }) => n.key).sort()).toEqual(['clean/orders', 'marts/revenue', 'raw/customers', 'raw/orders']);
  });

  it('serves the UI (or a page saying how to build it) on any other route', async () => {
    for (const path of ['/', '/assets/raw%2Forders', '/runs']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const body = await res.text();
      expect(body.includes('npm run build -w @baton/web') || /<div id="root"/.test(body)).toBe(true);
    }
  });

  it('serves GraphiQL at /graphql from npm packages: nothing it references leaves 127.0.0.1', async () => {
    const res = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>Baton GraphiQL</title>');
    expect(html).not.toMatch(/cdn\.jsdelivr|unpkg\.com|esm\.sh/);
    // every script, stylesheet, icon and module it loads: inline, data:, or from this server
    const refs = [...html.matchAll(/<(?:script|link|img)\b[^>]*?\b(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      if (ref.startsWith('data:')) continue;
      const target = new URL(ref, `${url}/graphql`);
      expect(target.origin, ref).toBe(url);
      expect((await fetch(target)).status, ref).toBe(200);
    }
    expect([...html.matchAll(/(?:import\(|from\s)["'](https?:\/\/[^"']+)/g)].map((m) => m[1])).toEqual([]);
  }, 90_000); // the first visit imports the ~9 MB page

  it('runs launched through the API execute in the daemon (in child processes)', async () => {
    const launched = await graphql(url, 'mutation { materialize(selection: "+marts/revenue") { __typename ... on LaunchSuccess { runs { id } } } }');
    expect(launched.data.materialize.__typename).toBe('LaunchSuccess');
    const id = launched.data.materialize.runs[0].id as string;
    const run = await eventually(async () => {
      const r = await graphql(url, 'query($id: ID!) { run(id: $id) { status owner steps { stepKey status } } }', { id });
      return r.data.run.status === 'SUCCESS' && r.data.run;
    });
    expect(run.steps.map((s: { status: string }) => s.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(run.owner).toContain(String(child.pid));
  });

  it('runs started from the CLI are visible in the API', async () => {
    const r = await baton(['materialize', '--select', 'raw/orders', '--partition', '2024-01-09', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const runId = JSON.parse(r.stdout).runs[0].runId as string;
    const res = await graphql(url, 'query($id: ID!) { run(id: $id) { status assetKeys } }', { id: runId });
    expect(res.data.run).toEqual({ status: 'SUCCESS', assetKeys: ['raw/orders'] });
  });

  it('a CLI backfill is driven by the running server and followed to the end', async () => {
    const r = await baton(['backfill', '--select', 'raw/orders+', '--from', '2024-01-10', '--to', '2024-01-12'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`The dev server at ${url.replace(/\./g, '\\.')} executes it`));
    expect(r.stdout).toMatch(/raw\/orders 3\/3 · clean\/orders 3\/3/);
    expect(output()).toMatch(/backfill [0-9a-f]{8} ended: completed_success/);
  });

  it('reloads after a definitions edit, survives a broken edit, and recovers when fixed', async () => {
    const original = readFileSync(defs(), 'utf8');
    // add an asset
    writeFileSync(defs(), original.replace('export default definitions({ assets: [rawOrders, cleanOrders, customers, revenue] });', `const extra = asset({ key: 'marts/extra', ins: { customers }, compute: (_c, { customers }) => customers.length });\nexport default definitions({ assets: [rawOrders, cleanOrders, customers, revenue, extra] });`));
    await eventually(async () => (await graphql(url, '{ definitionsStatus { assetCount } }')).data.definitionsStatus.assetCount === 5);
    // break it: the last good definitions stay served, the error is exposed with the file
    writeFileSync(defs(), `${original}\nconst broken = asset({ key: 'x', compute: () => 1 ;\n`);
    const broken = await eventually(async () => {
      const s = (await graphql(url, '{ definitionsStatus { ok assetCount error { message file } } }')).data.definitionsStatus;
      return s.ok === false && s;
    });
    expect(broken.assetCount).toBe(5);
    expect(broken.error.message).toMatch(/Cannot load definitions from baton.config.ts: syntax error at .*baton.config.ts:\d+:\d+/);
    expect(broken.error.file).toMatch(/baton.config.ts$/);
    const keys = await graphql(url, '{ assets { nodes { key } } }');
    expect(keys.data.assets.nodes.map((n: { key: string }) => n.key)).toContain('marts/extra');
    // a definition error (cycle-free but duplicate key) names the asset
    writeFileSync(defs(), original.replace('[rawOrders, cleanOrders, customers, revenue]', '[rawOrders, cleanOrders, customers, revenue, revenue, asset({ key: "marts/revenue", compute: () => 1 })]'));
    const dup = await eventually(async () => {
      const s = (await graphql(url, '{ definitionsStatus { ok error { message assetKey } } }')).data.definitionsStatus;
      return s.ok === false && /defined twice/.test(s.error.message) && s;
    });
    expect(dup.error.assetKey).toBe('marts/revenue');
    // fix it
    writeFileSync(defs(), original);
    await eventually(async () => {
      const s = (await graphql(url, '{ definitionsStatus { ok assetCount } }')).data.definitionsStatus;
      return s.ok && s.assetCount === 4;
    });
    // and runs still execute with the reloaded definitions
    const launched = await graphql(url, 'mutation { materialize(selection: "raw/customers") { ... on LaunchSuccess { runs { id } } } }');
    const id = launched.data.materialize.runs[0].id as string;
    await eventually(async () => (await graphql(url, 'query($id: ID!) { run(id: $id) { status } }', { id })).data.run.status === 'SUCCESS');
  }, 40_000);
});
