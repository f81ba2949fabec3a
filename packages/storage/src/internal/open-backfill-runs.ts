import { OPEN_RUN_STATUSES } from '@baton/core';
import type { RunStatus } from '@baton/core';

/**
 * The predicate of the partial index `runs_backfill_open_idx` (migration 0009): a backfill's runs not ended.
 * A planner uses a partial index only for a query whose WHERE names its predicate (SQLite: the same terms, literally;
 * a bound `in (?, ?, ?, ?)` is not), so `runsRepository` writes this very text for a backfill's open runs.
 */
export const OPEN_BACKFILL_RUNS = `"backfill_id" is not null and "status" in (${OPEN_RUN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Whether `statuses` are exactly the open statuses (in any order): the filter `OPEN_BACKFILL_RUNS` answers. */
export function isOpenRunStatuses(statuses: readonly RunStatus[]): boolean {
  const set = new Set(statuses);
  return set.size === OPEN_RUN_STATUSES.length && OPEN_RUN_STATUSES.every((s) => set.has(s));
}
