import type { BatonStorage, RunRecord } from '@baton/core';
import { runEvents } from '../internal/run-events';
import { RUN_KEY_TAG } from './launch-backfill';

/** The asset partitions one run materialized, as `assetKey` + `\u0000` + partition key ('' unpartitioned). */
async function materializedByRun(storage: BatonStorage, runId: string): Promise<Set<string>> {
  const wrote = new Set<string>();
  for await (const e of runEvents(storage, runId)) if (e.type === 'MATERIALIZATION') wrote.add(`${e.assetKey}\u0000${e.partitionKey ?? ''}`);
  return wrote;
}

/**
 * For each run key whose latest run failed or was canceled: the asset partitions it materialized,
 * counting earlier generations of the key too (a retried run re-runs only what had not succeeded,
 * following `parentRunId`). Read from the runs' MATERIALIZATION events; `cache` (by run id) spares
 * re-reading runs that ended — their events do not change.
 *
 * @example
 * const progress = backfillProgress(plan, latest, await materializedByRunKey(storage, latest));
 */
export async function materializedByRunKey(
  storage: BatonStorage,
  latest: ReadonlyMap<string, RunRecord>,
  cache: Map<string, Promise<Set<string>>> = new Map(),
): Promise<Map<string, Set<string>>> {
  const read = (runId: string) => {
    let p = cache.get(runId);
    if (!p) cache.set(runId, (p = materializedByRun(storage, runId)));
    return p;
  };
  const out = new Map<string, Set<string>>();
  await Promise.all(
    [...latest.values()]
      .filter((run) => run.status === 'failure' || run.status === 'canceled')
      .map(async (run) => {
        const key = run.tags[RUN_KEY_TAG];
        if (!key) return;
        const wrote = new Set(await read(run.id));
        let parentId = run.parentRunId;
        for (let depth = 0; parentId && depth < 100; depth++) {
          const parent = await storage.getRun(parentId);
          if (!parent || parent.backfillId !== run.backfillId || parent.tags[RUN_KEY_TAG] !== key) break;
          for (const k of await read(parent.id)) wrote.add(k);
          parentId = parent.parentRunId;
        }
        out.set(key, wrote);
      }),
  );
  return out;
}
