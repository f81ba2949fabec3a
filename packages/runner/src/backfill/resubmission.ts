import type { BackfillRecord, BatonStorage, NewRun, RunRecord } from '@baton/core';
import type { RunPlan } from '@baton/planner';
import { readRunPlan } from '../execute/read-run-plan';
import { remainingPlan } from '../reexecute/reexecute-from-failure';
import { readRunLeftovers } from '../reexecute/run-leftovers';
import { generation } from './known-backfill-runs';
import { backfillRun, RESUBMIT_ROUND_TAG } from './launch-backfill';


/**
 * A resume (`which: 'canceled'`) or retry-failed (`which: 'failure'`) in progress, kept in the
 * backfill's request so that any driver, after any restart, goes on with it: the run keys whose
 * latest run ended `which` in an earlier round get a new run as room frees up under the backfill's
 * `maxConcurrentRuns`. Every run created while a round is on carries its number, so a run of this
 * round that fails again is not retried again.
 */
export interface Resubmission {
  readonly round: number;
  readonly which: 'canceled' | 'failure';
}

/** The resubmission recorded on a backfill, if any. */
export function resubmissionOf(record: Pick<BackfillRecord, 'request'>): Resubmission | undefined {
  const r = (record.request as { resubmit?: { round?: unknown; which?: unknown } } | null)?.resubmit;
  if (!r || typeof r.round !== 'number' || (r.which !== 'canceled' && r.which !== 'failure')) return undefined;
  return { round: r.round, which: r.which };
}

/** The round a run was created in (0: before any resubmission). */
export function resubmitRound(run: Pick<RunRecord, 'tags'>): number {
  return Number(run.tags[RESUBMIT_ROUND_TAG] ?? '0');
}

/** True when `run` (the latest of its key) still waits to be submitted again by `resubmission`. */
export function isResubmitTarget(run: Pick<RunRecord, 'status' | 'tags'>, resubmission: Resubmission | undefined): boolean {
  return resubmission !== undefined && run.status === resubmission.which && resubmitRound(run) < resubmission.round;
}

/**
 * The new run of a run key whose latest run `prev` ended canceled (the whole run again) or failed
 * (only its steps that did not succeed, and only their partitions that did not materialize).
 */
export async function resubmissionRun(
  storage: BatonStorage,
  backfillId: string,
  runPlan: RunPlan,
  prev: RunRecord,
  resubmission: Resubmission,
  priority: number,
): Promise<NewRun> {
  if (resubmission.which === 'canceled') return backfillRun(backfillId, runPlan, priority, generation(prev) + 1, null, resubmission.round);
  const succeeded = new Set((await storage.listSteps(prev.id)).filter((s) => s.status === 'success').map((s) => s.stepKey));
  const left = await readRunLeftovers(storage, prev.id);
  // the backfill's passes read its runs without their plans (`latestBackfillRuns`): this one's is read here
  const plan = prev.plan ?? (await storage.getRun(prev.id))?.plan;
  return backfillRun(backfillId, remainingPlan(readRunPlan(plan, prev.id), succeeded, left), priority, generation(prev) + 1, prev.id, resubmission.round);
}
