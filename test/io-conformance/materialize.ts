import type { BatonStorage, IOManager, StoredEvent } from '@baton/core';
import { planMaterialize, type PartitionRequest } from '@baton/planner';
import { executeRun } from '@baton/runner';
import { createSqliteStorage } from '@baton/storage';

type Defs = Parameters<typeof planMaterialize>[0] & Parameters<typeof executeRun>[0]['definitions'];

/**
 * Materializes `selection` (optionally some partitions) through the real planner and runner on an
 * in-memory SQLite store: what `baton materialize` does, for the IO manager suites.
 *
 * @example
 * const { status, error } = await materialize(storage, defs, { duckdb }, 'marts/*', '2026-01-01');
 */
export async function materialize(storage: BatonStorage, defs: Defs, ioManagers: Readonly<Record<string, IOManager>>, selection: string, partitions?: PartitionRequest) {
  const plan = planMaterialize(defs, await storage.loadStateSnapshot(), selection, partitions);
  const errors: string[] = [];
  let status = 'success';
  for (const runPlan of plan.runs) {
    const [run] = await storage.createRuns([{ assetKeys: runPlan.assetKeys, partition: runPlan.partition, plan: runPlan }]);
    const result = await executeRun({ run: run!, definitions: defs, storage, ioManagers });
    if (result.status !== 'success') status = result.status;
    for (const e of (await storage.eventsForRun(run!.id)) as StoredEvent[]) if (e.type === 'STEP_FAILURE') errors.push(e.error);
  }
  return { status, error: errors.join('\n') };
}

/** An in-memory SQLite store for one test. */
export const memoryStorage = () => createSqliteStorage({ path: ':memory:' });
