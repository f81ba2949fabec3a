/**
 * graphql.lineage.10k: `{ lineage { nodes { key status } edges { from to } } }` over HTTP for a
 * 10,000-asset layered DAG (2,000 assets materialized), median of 5 after a warm-up.
 * graphql.partitions.100k: partition status ranges of an hourly asset with 100,000 partitions
 * (60,000 materialized, with gaps and failures), over HTTP, median of 5 after a warm-up.
 * graphql.asset-list.rps: the first catalog page (50 assets with status and latest
 * materialization) requested by 50 concurrent keep-alive clients (in a separate process) over loopback HTTP for 3 s.
 * Planner state is cached per event seq (warm-up computes it), as in a running server.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asset, definitions, hourlyPartitions, seededRandom as prng, type AnyAssetDefinition, type BatonEvent, type BatonStorage, type Definitions } from '@baton/core';
import { createSqliteStorage } from '@baton/storage';
import { atLeast, below, medianMs, type BenchScenario } from '../../../bench/scenario';
import { createBatonYoga } from '../src/index';

const execFileAsync = promisify(execFile);

function layered(count: number, layers: number): Definitions {
  const random = prng(7);
  const perLayer = Math.ceil(count / layers);
  const assets: AnyAssetDefinition[] = [];
  for (let i = 0; i < count; i++) {
    const layer = Math.floor(i / perLayer);
    const ins: Record<string, AnyAssetDefinition> = {};
    if (layer > 0) for (let d = 0, n = 1 + Math.floor(random() * 3); d < n; d++) ins[`in${d}`] = assets[Math.floor(random() * layer * perLayer)]!;
    assets.push(asset({ key: `layer_${String(layer).padStart(2, '0')}/asset_${i}`, group: `g${i % 7}`, codeVersion: 'v1', ins, compute: () => 1 }));
  }
  return definitions({ assets });
}

async function serve(defs: Definitions, storage: BatonStorage) {
  const yoga = createBatonYoga({ getDefinitions: () => defs, storage, graphiql: false });
  const server = createServer(yoga);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = async (query: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as { errors?: unknown[]; data?: any };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  return { post, port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

async function withStore<T>(fn: (storage: BatonStorage) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-graphql-bench-'));
  const storage = await createSqliteStorage({ path: join(dir, 'baton.db') });
  try {
    return await fn(storage);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function materializations(runId: string, items: { assetKey: string; partitionKey: string | null }[], t0: number): BatonEvent[] {
  return items.map((m, i) => ({ type: 'MATERIALIZATION', runId, stepKey: m.assetKey, timestamp: t0 + i, assetKey: m.assetKey, partitionKey: m.partitionKey, dataVersion: `d${i}`, codeVersion: 'v1', metadata: {}, provenance: [] }));
}

async function seedRun(storage: BatonStorage, id: string, assetKeys: string[]) {
  await storage.createRuns([{ id, assetKeys: assetKeys.slice(0, 1), partition: { kind: 'none' }, plan: null }]);
}

let catalog: { defs: Definitions } | undefined;
const catalogDefs = () => (catalog ??= { defs: layered(10_000, 50) }).defs;

export const scenarios: BenchScenario[] = [
  {
    name: 'graphql.lineage.10k',
    unit: 'ms',
    bar: below(300),
    run: () =>
      withStore(async (storage) => {
        const defs = catalogDefs();
        await seedRun(storage, 'seed', [defs.graph.keys[0]!]);
        const keys = defs.graph.keys.filter((_, i) => i % 5 === 0);
        for (let i = 0; i < keys.length; i += 1000) await storage.appendEvents(materializations('seed', keys.slice(i, i + 1000).map((k) => ({ assetKey: k, partitionKey: null })), Date.now()));
        const api = await serve(defs, storage);
        try {
          const check = await api.post('{ lineage { nodes { key status } edges { from to } } }');
          if (check.lineage.nodes.length !== 10_000) throw new Error('lineage did not return 10,000 nodes');
          return { value: await medianMs(() => api.post('{ lineage { nodes { key status } edges { from to } } }')) };
        } finally {
          await api.close();
        }
      }),
  },
  {
    name: 'graphql.partitions.100k',
    unit: 'ms',
    bar: below(100),
    run: () =>
      withStore(async (storage) => {
        const start = Date.UTC(2012, 0, 1);
        const hourly = hourlyPartitions({ start: new Date(start), end: new Date(start + 100_000 * 3_600_000) });
        const defs = definitions({ assets: [asset({ key: 'events/hourly', partitions: hourly, codeVersion: 'v1', compute: () => 1 })] });
        const all = hourly.keys({ now: Date.now() });
        if (all.length !== 100_000) throw new Error(`expected 100,000 partitions, got ${all.length}`);
        await seedRun(storage, 'seed', ['events/hourly']);
        // 60,000 materialized in three blocks with gaps
        const chosen = all.filter((_, i) => (i < 30_000) || (i >= 40_000 && i < 60_000) || (i >= 90_000));
        for (let i = 0; i < chosen.length; i += 5_000) await storage.appendEvents(materializations('seed', chosen.slice(i, i + 5_000).map((k) => ({ assetKey: 'events/hourly', partitionKey: k })), Date.now()));
        const api = await serve(defs, storage);
        const query = '{ asset(key: "events/hourly") { partitionStatus { total counts { fresh missing } ranges { status firstKey lastKey count } } } }';
        try {
          const check = (await api.post(query)).asset.partitionStatus;
          if (check.total !== 100_000 || check.counts.fresh !== 60_000 || check.ranges.length !== 5) throw new Error(`unexpected partition status ${JSON.stringify(check).slice(0, 300)}`);
          return { value: await medianMs(() => api.post(query)) };
        } finally {
          await api.close();
        }
      }),
  },
  {
    name: 'graphql.asset-list.rps',
    unit: 'per_s',
    bar: atLeast(500),
    run: () =>
      withStore(async (storage) => {
        const defs = catalogDefs();
        await seedRun(storage, 'seed', [defs.graph.keys[0]!]);
        await storage.appendEvents(materializations('seed', defs.graph.keys.slice(0, 200).map((k) => ({ assetKey: k, partitionKey: null })), Date.now()));
        const api = await serve(defs, storage);
        const query = '{ assets(first: 50) { totalCount nodes { key group status latestMaterialization { timestamp } } pageInfo { endCursor hasNextPage } } }';
        try {
          const first = await api.post(query);
          if (first.assets.nodes.length !== 50) throw new Error('catalog page is not 50 assets');
          // the 50 clients run in their own process, as real clients do, so they do not share the server's event loop
          const cpu0 = process.cpuUsage();
          const { stdout: out } = await execFileAsync(process.execPath, [join(import.meta.dirname, 'load-client.mjs'), String(api.port), '50', '3000', JSON.stringify({ query })], { encoding: 'utf8' });
          const { done, ms, errors } = JSON.parse(out) as { done: number; ms: number; errors: number };
          if (errors > 0) throw new Error(`${errors} of ${done} catalog requests failed`);
          const cpu = process.cpuUsage(cpu0);
          const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / done;
          // on a busy machine the wall-clock figure understates capacity; say what one core would sustain
          console.error(`graphql.asset-list.rps: server CPU ${cpuMsPerRequest.toFixed(2)} ms/request (≈ ${Math.round(1000 / cpuMsPerRequest)} requests/s per core)`);
          return { value: done / (ms / 1000) };
        } finally {
          await api.close();
        }
      }),
  },
];
