import type { BatonStorage, RunRecord } from '@baton/core';
import { KnownBackfillRuns } from './known-backfill-runs';

/**
 * The latest run (highest generation) of each run key of a backfill, without their plans (`plan` is null),
 * every run read. A driver's passes keep a `KnownBackfillRuns` instead, which reads only what can have changed.
 */
export function latestBackfillRuns(storage: BatonStorage, backfillId: string): Promise<ReadonlyMap<string, RunRecord>> {
  return new KnownBackfillRuns(backfillId).latest(storage);
}
