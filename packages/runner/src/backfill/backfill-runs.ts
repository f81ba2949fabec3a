import type { BatonStorage, RunRecord } from '@baton/core';
import { RUN_GENERATION_TAG, RUN_KEY_TAG } from './launch-backfill';

/**
 * The latest run (highest generation) of each run key of a backfill, without their plans (`plan` is null:
 * every pass reads every run of its backfill, and plans are most of a run's row). Pages through storage.
 */
export async function latestBackfillRuns(storage: BatonStorage, backfillId: string): Promise<Map<string, RunRecord>> {
  const latest = new Map<string, RunRecord>();
  let cursor: string | null = null;
  do {
    const page = await storage.listRuns({ backfillId }, { cursor, limit: 5_000 }, { withPlan: false });
    for (const run of page.items) {
      const key = run.tags[RUN_KEY_TAG];
      if (!key) continue;
      const prev = latest.get(key);
      if (!prev || generation(run) > generation(prev)) latest.set(key, run);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return latest;
}

/** Which submission of its run key a backfill run is. */
export function generation(run: Pick<RunRecord, 'tags'>): number {
  return Number(run.tags[RUN_GENERATION_TAG] ?? '1');
}
