/**
 * graphql.hostile.rss: peak RSS (MB, VmHWM from /proc) of a real `baton dev` (a separate process,
 * the warehouse-rollups example with an empty store: every preview plans ~12,000 hourly, daily and
 * regional partitions) while it takes the hostile queries of issue 17: 1,000 aliased
 * materializeStalePreviews, a variable-default cost bomb, 10 aliased previews, 5 backfillPreviews in
 * one operation and 5 at once in separate requests, the most previews allowed (3) from 4 clients at
 * once, deep and wide queries. Bar: < 300 MB, and the server answers its health check afterwards.
 * graphql.hostile.refuse-ms: how long the 1,000-alias query takes to be refused (fastest of 5
 * distinct documents, after a warm-up). Bar: < 100 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { below, type BenchScenario } from '../../../bench/scenario';

const server = join(import.meta.dirname, '..');
const root = join(server, '..', '..');
const batonBin = join(server, 'bin', 'baton.mjs');

function copyExample(name: string): string {
  mkdirSync(join(server, '.test-projects'), { recursive: true });
  const from = join(root, 'examples', name);
  const dir = mkdtempSync(join(server, '.test-projects', `bench-hostile-`));
  cpSync(from, dir, { recursive: true, filter: (src) => !/[/\\](\.baton|node_modules|test)([/\\]|$)/.test(src.slice(from.length)) });
  return dir;
}

function startDev(cwd: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [batonBin, 'dev', '--port', '0', '--workers', '1'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`baton dev was not ready in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.on('exit', (code) => reject(new Error(`baton dev exited (${code}):\n${out}`)));
  });
}

function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { errors?: { message: string }[]; data?: unknown };
  return { status: res.status, ...body };
}

const aliases = (n: number, prefix: string, field: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}: ${field}`).join(' ');
const BACKFILL = 'backfillPreview(input: { selection: "*", partitions: { range: { from: "2026-01-01", to: "2026-12-31" } } }) { runCount assetPartitionCount }';

let measured: { peak: number; refuseMs: number } | undefined;

async function measure(): Promise<{ peak: number; refuseMs: number }> {
  const dir = copyExample('warehouse-rollups');
  const { child, url } = await startDev(dir);
  const pid = child.pid!;
  let sampled = 0;
  const sampler = setInterval(() => {
    try {
      sampled = Math.max(sampled, memoryMb(pid).rss);
    } catch {
      /* exited: the health check below fails */
    }
  }, 50);
  try {
    const note = (what: string) => process.env.BATON_BENCH_DEBUG && console.error(`[hostile] ${what}: rss ${memoryMb(pid).rss.toFixed(0)} MB, sampled peak ${sampled.toFixed(0)} MB`);
    note('ready');
    const expectRefused = async (what: string, query: string, variables?: Record<string, unknown>) => {
      const r = await post(url, query, variables);
      if (!r.errors?.length) throw new Error(`${what} was not refused`);
    };
    // the cost bombs, each refused before any resolver runs
    await post(url, `{ ${aliases(1000, 'warm', 'materializeStalePreview { runCount }')} }`);
    let refuseMs = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      await expectRefused('1,000 aliased previews', `{ ${aliases(1000, `p${k}_`, 'materializeStalePreview { runCount }')} }`);
      refuseMs = Math.min(refuseMs, performance.now() - t0);
    }
    note('1,000 aliases refused');
    await expectRefused('the variable-default query', 'query($n:Int=1000){ runs(first:$n){nodes{id steps{stepKey}}} backfills(first:$n){nodes{runs(first:$n){id}}} }');
    await expectRefused('10 aliased previews', `{ ${aliases(10, 'p', 'materializeStalePreview { runCount }')} }`);
    await expectRefused('5 backfillPreviews in one operation', `{ ${aliases(5, 'b', BACKFILL)} }`);
    await expectRefused('a deep query', `{ asset(key: "raw/orders") { staleCauses { children { children { children { children { children { children { children { children { children { children { children { children { children { children { reason } } } } } } } } } } } } } } } }`);
    note('bombs refused');
    const one = async (what: string, query: string) => {
      const t0 = performance.now();
      const r = await post(url, query);
      note(`${what} (${(performance.now() - t0).toFixed(0)} ms, ${r.errors?.[0]?.message ?? 'ok'})`);
    };
    if (process.env.BATON_BENCH_DEBUG) {
      await one('one stale preview', '{ materializeStalePreview { runCount } }');
      await one('one backfill preview', `{ ${BACKFILL} }`);
      await one('wide assets', '{ assets(first: 1000) { nodes { key status partitionStatus { total ranges { status firstKey lastKey count } } staleCauses(limit: 20) { reason } } } }');
      await one('lineage', '{ lineage { nodes { key status upstreamKeys downstreamKeys } edges { from to } } }');
      const t0 = performance.now();
      const five = await Promise.all(Array.from({ length: 5 }, () => post(url, `{ ${BACKFILL} }`)));
      note(`5 backfill previews at once (${(performance.now() - t0).toFixed(0)} ms): ${five.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok').join(' ')}`);
      const t1 = performance.now();
      const twelve = await Promise.all(Array.from({ length: 4 }, () => post(url, `{ ${aliases(3, 's', 'materializeStalePreview { runCount stepCount runs(first: 50) { key steps { key partitionCount } } }')} }`)));
      note(`4 x 3 stale previews at once (${(performance.now() - t1).toFixed(0)} ms): ${twelve.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok').join(' ')}`);
    }
    // what is allowed, at once: 5 backfill previews in separate requests, 4 clients with 3 previews each, wide queries
    const heavy = await Promise.all([
      ...Array.from({ length: 5 }, () => post(url, `{ ${BACKFILL} }`)),
      ...Array.from({ length: 4 }, () => post(url, `{ ${aliases(3, 's', 'materializeStalePreview { runCount stepCount runs(first: 50) { key steps { key partitionCount } } }')} }`)),
      post(url, '{ assets(first: 1000) { nodes { key status partitionStatus { total ranges { status firstKey lastKey count } } staleCauses(limit: 20) { reason } } } }'),
      post(url, '{ lineage { nodes { key status upstreamKeys downstreamKeys } edges { from to } } }'),
    ]);
    const answered = heavy.filter((r) => r.data || r.errors?.some((e) => e.extensions?.code === 'TIME_BUDGET_EXCEEDED')).length;
    if (answered !== heavy.length) throw new Error(`unexpected answers: ${JSON.stringify(heavy.map((r) => r.errors?.[0]?.message ?? 'ok'))}`);
    note('heavy done');
    const health = await fetch(`${url}/health`);
    if (health.status !== 200) throw new Error(`baton dev does not answer /health after the hostile queries (${health.status})`);
    return { peak: Math.max(sampled, memoryMb(pid).peak), refuseMs };
  } finally {
    clearInterval(sampler);
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
    rmSync(dir, { recursive: true, force: true });
  }
}

export const scenarios: BenchScenario[] = [
  {
    name: 'graphql.hostile.rss',
    unit: 'MB',
    bar: below(300),
    async run() {
      measured = await measure();
      return [
        { value: measured.peak },
        { scenario: 'graphql.hostile.refuse-ms', value: measured.refuseMs, unit: 'ms', bar: below(100) },
      ];
    },
  },
];
