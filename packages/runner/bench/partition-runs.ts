import { asset, dailyPartitions, definitions, type BatonStorage } from '@baton/core';
import { planRequest } from '@baton/planner';
import { executePlan } from '../src/index';
import { filesystemIO } from './bench-runs';

/**
 * ms per one-step run of a daily-partitioned no-op asset, one run per partition, each the way
 * `baton materialize --partition` does it: state snapshot, plan, create + claim, execute.
 * Five partitions first as a warm-up, then `n` measured; partitions from the `first`-th day on (2020-01-01 + first).
 */
export async function partitionRunMs(storage: BatonStorage, n: number, first = 0): Promise<number> {
  const daily = asset({ key: 'bench/daily', partitions: dailyPartitions({ start: '2020-01-01' }), compute: () => null });
  const defs = definitions({ assets: [daily] });
  const io = filesystemIO();
  const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + (first + i) * 86_400_000).toISOString().slice(0, 10);
  const one = async (i: number) => {
    const snapshot = await storage.loadStateSnapshot({ now: Date.now() });
    const plan = planRequest(defs, snapshot, { select: daily.key, partitions: day(i) });
    const [outcome] = await executePlan({ plan, storage, definitions: defs, ioManagers: { default: io } });
    if (outcome?.status !== 'success') throw new Error(`partition ${day(i)}: ${outcome?.status} ${outcome?.error ?? ''}`);
  };
  for (let i = 0; i < 5; i++) await one(i);
  const t0 = performance.now();
  for (let i = 5; i < 5 + n; i++) await one(i);
  return (performance.now() - t0) / n;
}
