import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { below, median, type BenchScenario } from '../../../bench/scenario';

const server = join(import.meta.dirname, '..');
const root = join(server, '..', '..');
const batonBin = join(server, 'bin', 'baton.mjs');

/** A fresh copy of a project inside the repo (so workspace packages resolve), with an empty store. */
function copyProject(from: string, name: string): string {
  mkdirSync(join(server, '.test-projects'), { recursive: true });
  const dir = mkdtempSync(join(server, '.test-projects', `bench-${name}-`));
  cpSync(from, dir, { recursive: true, filter: (src) => !/[/\\](\.baton|node_modules|test)([/\\]|$)/.test(src.slice(from.length)) });
  return dir;
}

function runToEnd(args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [batonBin, ...args], { cwd, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`baton ${args.join(' ')} exited ${code}`))));
  });
}

/** ms from spawning `baton dev` until /graphql answers a query. */
async function devReady(cwd: string): Promise<number> {
  const t0 = performance.now();
  const port = 39_000 + Math.floor(Math.random() * 900);
  const child = spawn(process.execPath, [batonBin, 'dev', '--port', String(port)], { cwd, stdio: 'ignore' });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ definitionsStatus { ok assetCount } }"}' });
        const body = (await res.json()) as { data?: { definitionsStatus?: { ok: boolean } } };
        if (body.data?.definitionsStatus?.ok) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > 30_000) throw new Error('baton dev did not answer within 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

export const scenarios: BenchScenario[] = [
  {
    name: 'cli.dev.ready',
    unit: 'ms',
    bar: below(3_000),
    async run() {
      const dir = copyProject(join(root, 'examples', 'warehouse-rollups'), 'dev');
      try {
        await devReady(dir); // warm-up (tsx transform cache, store creation)
        const times: number[] = [];
        for (let i = 0; i < 3; i++) times.push(await devReady(dir));
        return { value: median(times) };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    // from the TypeScript sources in this repository (tsx); cli.materialize.startup (install.bench.ts) runs the built package
    name: 'cli.materialize.startup.source',
    unit: 'ms',
    bar: below(1_500),
    async run() {
      const dir = copyProject(join(server, 'test', 'fixtures', 'noop'), 'noop');
      try {
        await runToEnd(['materialize', '--select', 'noop'], dir);
        const times: number[] = [];
        for (let i = 0; i < 5; i++) times.push(await runToEnd(['materialize', '--select', 'noop'], dir));
        return { value: median(times) };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
