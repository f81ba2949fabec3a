/**
 * graphql.load.p99: 30 concurrent keep-alive clients (one separate process) query a real `baton dev`
 * (its own process, SQLite) for 15 s — in turn the catalog page, an asset with 744 hourly
 * partitions (status ranges) and the runs list — while a 200-run backfill (a `baton backfill`
 * process following the server) executes on it. The value is the 99th percentile latency; any
 * failed request fails the scenario.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { below, type BenchScenario } from '../../../bench/scenario';

const execFileAsync = promisify(execFile);
const server = join(import.meta.dirname, '..');
const batonBin = join(server, 'bin', 'baton.mjs');
const loadClient = join(server, '..', '..', 'packages', 'graphql', 'bench', 'load-client.mjs');

const QUERIES = [
  '{ assets(first: 50) { totalCount nodes { key group status latestMaterialization { timestamp } } pageInfo { endCursor hasNextPage } } }',
  '{ asset(key: "raw/events") { key status partitionStatus { total counts { fresh stale missing failed inProgress } ranges { status firstKey lastKey count } } } }',
  '{ runs(first: 20) { totalCount nodes { id status assetKeys createdAt startedAt endedAt backfillId partition { kind key } } } }',
];

function start(args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ kill: (signal?: NodeJS.Signals) => void; output: () => string; match: RegExpMatchArray; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [batonBin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`baton ${args[0]} not ready in 90 s:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d;
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ kill: (signal = 'SIGKILL') => child.kill(signal), output: () => out, match, pid: child.pid! });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`baton ${args[0]} exited ${code}:\n${out}`)));
  });
}

/** Resident set size of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : 0;
}

export const scenarios: BenchScenario[] = [
  {
    name: 'graphql.load.p99',
    unit: 'ms',
    bar: below(300),
    run: async () => {
      mkdirSync(join(server, '.test-projects'), { recursive: true });
      const dir = mkdtempSync(join(server, '.test-projects', 'bench-load-'));
      cpSync(join(server, 'bench', 'fixtures', 'load'), dir, { recursive: true });
      const env = { BATON_BENCH_STEP_MS: '100' };
      const dev = await start(['dev', '--port', '0', '--no-watch', '--max-concurrent', '4'], dir, env, /ready at http:\/\/127\.0\.0\.1:(\d+) /);
      let backfill: Awaited<ReturnType<typeof start>> | undefined;
      try {
        const port = Number(dev.match[1]);
        backfill = await start(['backfill', '--select', 'raw/events', '--from', '2025-01-01-00:00', '--to', '2025-01-09-07:00', '--max-concurrent', '4'], dir, env, /raw\/events \d+\/200 \(\d+ running\)/);
        let peakRss = rssMb(dev.pid);
        const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(dev.pid))), 250);
        const { stdout } = await execFileAsync(process.execPath, [loadClient, String(port), '30', '15000', JSON.stringify(QUERIES.map((query) => ({ query })))], { encoding: 'utf8' });
        clearInterval(sampler);
        const r = JSON.parse(stdout) as { done: number; ms: number; errors: number; p50: number; p99: number; max: number; firstError?: string };
        const progress = [...backfill.output().matchAll(/raw\/events (\d+)\/200/g)].pop()?.[1];
        console.error(
          `graphql.load.p99: ${r.done} requests in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.done / (r.ms / 1000))}/s), p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max.toFixed(0)} ms, ` +
            `${r.errors} errors; server peak RSS ${peakRss.toFixed(0)} MB; backfill at ${progress}/200 partitions when the load ended`,
        );
        if (r.errors > 0) throw new Error(`${r.errors} of ${r.done} requests failed, e.g. ${r.firstError}`);
        return { value: r.p99 };
      } finally {
        backfill?.kill();
        dev.kill('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
