/**
 * Storage benchmarks, on SQLite always and on PostgreSQL when BATON_TEST_POSTGRES_URL is set.
 * Each scenario opens a fresh store (temp file / random schema) and removes it afterwards.
 */
import type { BatonEvent, BatonStorage } from '@baton/core';
import { eventFactory, storageBackends, TEST_POSTGRES_ENV } from '@baton/storage/testing';
import type { StorageBackend } from '@baton/storage/testing';
import { atLeast, below, median, medianMs } from '../../../bench/scenario';
import type { BenchScenario } from '../../../bench/scenario';

const backend = (name: 'sqlite' | 'postgres'): StorageBackend | undefined => storageBackends().find((b) => b.name === name);
const skipWithoutPostgres = () => (process.env[TEST_POSTGRES_ENV] ? undefined : `${TEST_POSTGRES_ENV} is not set (e.g. ${TEST_POSTGRES_ENV}=postgres://postgres@127.0.0.1:5432/test)`);

async function withStore<T>(name: 'sqlite' | 'postgres', fn: (storage: BatonStorage) => Promise<T>): Promise<T> {
  const b = backend(name)!;
  try {
    return await fn(await b.create());
  } finally {
    await b.cleanup();
  }
}

/** Realistic batches of 100: per step STEP_STARTED, MATERIALIZATION with provenance, STEP_SUCCESS and a LOG. */
function batches(runId: string, total: number): BatonEvent[][] {
  const e = eventFactory(runId, 1_700_000_000_000);
  const out: BatonEvent[][] = [];
  let step = 0;
  for (let n = 0; n < total; n += 100) {
    const batch: BatonEvent[] = [];
    for (let i = 0; i < 25; i++, step++) {
      const asset = `asset_${step % 500}`;
      const partition = `2024-01-${String((step % 28) + 1).padStart(2, '0')}-${Math.floor(step / 500)}`;
      const key = `${asset}[${partition}]`;
      batch.push(
        e.stepStarted(key, [asset], [partition]),
        e.materialization(asset, partition, {
          stepKey: key,
          metadata: { rows: step, path: `s3://bucket/${asset}/${partition}.parquet` },
          provenance: [
            { assetKey: `up_${step % 50}`, partitionKey: partition, materializationId: null, dataVersion: `up-${step}` },
            { assetKey: 'dim_customers', partitionKey: null, materializationId: null, dataVersion: 'dim-1' },
          ],
        }),
        e.stepSuccess(key, 100 + (step % 50)),
        e.log(`materialized ${key}`),
      );
    }
    out.push(batch);
  }
  return out;
}

/** Fresh stores `storage.append-events.*` appends to; its value is their median. */
const APPEND_STORES = 3;

function appendEvents(name: 'sqlite' | 'postgres', total: number, bar: number): BenchScenario {
  return {
    name: `storage.append-events.${name}`,
    unit: 'per_s',
    bar: atLeast(bar),
    ...(name === 'postgres' ? { skip: skipWithoutPostgres } : {}),
    // the median of three fresh stores: one pass is about a second, and one slow second of the host decided it
    async run() {
      const rates: number[] = [];
      for (let i = 0; i < APPEND_STORES; i++) {
        rates.push(await withStore(name, async (storage) => {
          const [run] = await storage.createRuns([{ assetKeys: ['asset_0'], partition: { kind: 'none' }, plan: null }]);
          await storage.appendEvents(batches(run!.id, 2_000).flat().map((e) => ({ ...e, runId: 'warmup' }))); // warm up JIT and caches
          const all = batches(run!.id, total);
          const t0 = performance.now();
          for (const batch of all) await storage.appendEvents(batch);
          return total / ((performance.now() - t0) / 1000);
        }));
      }
      process.stderr.write(`storage.append-events.${name}: ${rates.map((r) => Math.round(r)).join(' ')} events/s (fresh stores)\n`);
      return { value: median(rates) };
    },
  };
}

/**
 * Reads the partition status of an asset with 100,000 stored partitions: `p0`… keys, or (`1m`) keys of a
 * 1,000-day x 1,000-key multi-partitioned asset (every tenth of its 1,000,000 partitions materialized).
 */
function partitionStatus(name: 'sqlite' | 'postgres', space: '100k' | '1m' = '100k'): BenchScenario {
  const keyOf = space === '100k'
    ? (i: number) => `p${i}`
    : (i: number) => `${new Date(Date.UTC(2022, 0, 1) + Math.floor((i * 10) / 1000) * 86_400_000).toISOString().slice(0, 10)}|k${String((i * 10) % 1000).padStart(4, '0')}`;
  return {
    name: `storage.partition-status.${space}.${name}`,
    unit: 'ms',
    bar: below(space === '100k' ? 50 : 300),
    ...(name === 'postgres' ? { skip: skipWithoutPostgres } : {}),
    run: () =>
      withStore(name, async (storage) => {
        const e = eventFactory('bench-run');
        for (let i = 0; i < 100_000; i += 10_000) {
          await storage.appendEvents(Array.from({ length: 10_000 }, (_, j) => e.materialization('events', keyOf(i + j))));
        }
        await storage.appendEvents(Array.from({ length: 1_000 }, (_, j) => e.materialization('other', `p${j}`)));
        let count = 0;
        const ms = await medianMs(async () => {
          count = (await storage.partitionStatus('events')).keys.length;
        }, 9);
        if (count !== 100_000) throw new Error(`expected 100000 partitions, read ${count}`);
        return { value: ms };
      }),
  };
}

function latestMaterializations(name: 'sqlite' | 'postgres'): BenchScenario {
  return {
    name: `storage.latest-materializations.10k.${name}`,
    unit: 'ms',
    bar: below(100),
    ...(name === 'postgres' ? { skip: skipWithoutPostgres } : {}),
    run: () =>
      withStore(name, async (storage) => {
        const e = eventFactory('bench-run');
        for (let round = 0; round < 2; round++) {
          for (let i = 0; i < 10_000; i += 5_000) {
            await storage.appendEvents(Array.from({ length: 5_000 }, (_, j) => e.materialization(`team/asset_${i + j}`, `2024-0${round + 1}-01`, {
              metadata: { rows: j }, provenance: [{ assetKey: 'src', partitionKey: null, materializationId: null, dataVersion: 'v' }],
            })));
          }
        }
        let count = 0;
        const ms = await medianMs(async () => {
          count = (await storage.latestMaterializations()).length;
        }, 9);
        if (count !== 10_000) throw new Error(`expected 10000 assets, read ${count}`);
        return { value: ms };
      }),
  };
}

export const scenarios: BenchScenario[] = [
  appendEvents('sqlite', 50_000, 50_000),
  appendEvents('postgres', 30_000, 20_000),
  partitionStatus('sqlite'),
  partitionStatus('postgres'),
  partitionStatus('sqlite', '1m'),
  latestMaterializations('sqlite'),
  latestMaterializations('postgres'),
];
