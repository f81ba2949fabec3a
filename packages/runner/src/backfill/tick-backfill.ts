import { isTerminalRunStatus } from '@baton/core';
import type { BackfillRecord, BatonStorage, HeldLease, NewRun, RunRecord } from '@baton/core';
import type { Plan } from '@baton/planner';
import { notifyRunsQueued } from '../coordinator/run-queue-signal';
import { backfillProgress, blockedRunKeys } from './backfill-progress';
import { KnownBackfillRuns } from './known-backfill-runs';
import { backfillPlan, backfillRun, createRunsInBatches, RUN_KEY_TAG } from './launch-backfill';
import { loadBackfill } from './load-backfill';
import { isResubmitTarget, resubmissionOf, resubmissionRun, type Resubmission } from './resubmission';
import { materializedByRunKey } from './run-materializations';

/** Per-driver memo: plans and known runs by backfill id, materializations by (ended) run id. Losing it loses nothing. */
export interface BackfillTickCache {
  readonly plans: Map<string, Plan>;
  readonly runs: Map<string, KnownBackfillRuns>;
  readonly materialized: Map<string, Promise<Set<string>>>;
}

/** @example const cache = newBackfillTickCache(); */
export function newBackfillTickCache(): BackfillTickCache {
  return { plans: new Map(), runs: new Map(), materialized: new Map() };
}

/** The backfill's bound on its own queued + running runs (`launchBackfill({ maxConcurrentRuns })`), or Infinity. */
export function backfillRunLimit(record: Pick<BackfillRecord, 'request'>): number {
  const n = Number((record.request as { maxConcurrentRuns?: unknown }).maxConcurrentRuns ?? NaN);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : Infinity;
}

export interface TickBackfillOptions {
  /** The driver's lease `backfill:<id>`: runs are queued only while it is still held (a driver that stalled past it queues nothing twice). */
  readonly lease?: HeldLease;
  /**
   * Write the backfill's progress even though the backfill goes on (default true). A driver passes after every
   * run that ends when runs wait on runs (a chain); it writes progress at most every `progressEveryMs` (an O(runs)
   * count), and always with the final status.
   */
  readonly writeProgress?: boolean;
}

/**
 * One stateless pass over a backfill, everything read from storage (so any process may do it,
 * and a restart resumes; `cache` only spares reads of what cannot have changed): queues the run keys
 * whose `dependsOnRuns` succeeded — never submitted, or waiting for a resume / retry-failed in progress
 * (`Resubmission`) — keeping at most the backfill's `maxConcurrentRuns` runs queued or running; drops
 * queued runs of a canceling backfill; writes per-partition progress (`materializedByRunKey`); and once
 * every run key ended — its latest run is terminal, or it is blocked down a chain by a failed run
 * (`blockedRunKeys`) — sets the final status. Returns the record after the pass (`record` itself when
 * it wrote nothing).
 *
 * @example
 * const record = await tickBackfill(storage, (await storage.getBackfill(id))!);
 * record.status // 'requested' while runs remain, then 'completed_success' | 'completed_failed' | 'canceled'
 */
export async function tickBackfill(
  storage: BatonStorage, record: BackfillRecord, cache: BackfillTickCache = newBackfillTickCache(), options: TickBackfillOptions = {},
): Promise<BackfillRecord> {
  let plan = cache.plans.get(record.id);
  if (!plan) cache.plans.set(record.id, (plan = await planOf(storage, record)));
  let known = cache.runs.get(record.id);
  if (!known) cache.runs.set(record.id, (known = new KnownBackfillRuns(record.id)));
  let latest = await known.latest(storage);
  let open = known.openCount;
  const resubmission = resubmissionOf(record);
  if (record.status === 'requested') {
    const queued = await queueReady(storage, record, plan, latest, resubmission, backfillRunLimit(record) - open, options.lease);
    known.add(queued); // `latest` is what `known` knows: now with these runs
    open = known.openCount;
  } else if (record.status === 'canceling') {
    // drop queued runs a concurrent cancel could not (e.g. claimed and released in between)
    const queued = [...latest.values()].filter((r) => r.status === 'queued');
    if (queued.length > 0) {
      await storage.appendEvents(queued.map((r) => ({ type: 'RUN_CANCELED' as const, runId: r.id, timestamp: Date.now() })));
      // for this pass only: `known` reads them again (a run that ended first keeps its first end)
      const view = new Map(latest);
      for (const r of queued) view.set(r.tags[RUN_KEY_TAG]!, { ...r, status: 'canceled' });
      latest = view;
      open = inFlightRuns(view);
    }
  }
  // a run still open: not ended (an O(1) answer on every pass of a chain, where `ended` is O(run keys))
  const goesOn = open > 0 || !ended(plan, latest, record.status, resubmission);
  if (goesOn && options.writeProgress === false) return record;
  const progress = backfillProgress(plan, latest, await materializedByRunKey(storage, latest, cache.materialized));
  // the plan is the driver's own copy (`cache`): a pass neither reads nor rewrites it, until the record it ends with
  if (goesOn) return storage.updateBackfill(record.id, { progress }, { withPlan: false });
  const all = [...latest.values()];
  const status: BackfillRecord['status'] =
    record.status === 'canceling' || record.status === 'canceled'
      ? 'canceled'
      : all.length === plan.runs.length && all.every((r) => r.status === 'success')
        ? 'completed_success'
        : 'completed_failed';
  cache.plans.delete(record.id);
  cache.runs.delete(record.id);
  return storage.updateBackfill(record.id, { status, progress, endedAt: Date.now() });
}

/** The backfill's plan, read when `record` came without it (`withPlan: false`). */
async function planOf(storage: BatonStorage, record: BackfillRecord): Promise<Plan> {
  if (record.plan !== null) return backfillPlan(record);
  return backfillPlan(await loadBackfill(storage, record.id));
}

/** Every run key `run` depends on has a latest run that succeeded. */
function dependenciesSucceeded(run: Plan['runs'][number], latest: ReadonlyMap<string, RunRecord>): boolean {
  return run.dependsOnRuns.every((d) => latest.get(d)?.status === 'success');
}

/** Runs of the backfill not ended: queued, starting, running or canceling. */
export function inFlightRuns(latest: ReadonlyMap<string, RunRecord>): number {
  let n = 0;
  for (const run of latest.values()) if (!isTerminalRunStatus(run.status)) n++;
  return n;
}

/**
 * Queues up to `room` run keys whose dependencies succeeded and that were never submitted, or
 * whose latest run waits for `resubmission`, in plan order, fenced by `lease` when given. Returns the runs created.
 */
export async function queueReady(
  storage: BatonStorage,
  record: BackfillRecord,
  plan: Plan,
  latest: ReadonlyMap<string, RunRecord>,
  resubmission: Resubmission | undefined,
  room: number,
  lease?: HeldLease,
): Promise<RunRecord[]> {
  if (room <= 0) return [];
  const priority = Number((record.request as { priority?: number }).priority ?? 0);
  const round = resubmission?.round ?? 0;
  const runs: NewRun[] = [];
  for (const r of plan.runs) {
    if (runs.length >= room) break;
    // submitted and not to be resubmitted first: most run keys of a long backfill, on every pass
    const prev = latest.get(r.key);
    if (prev && !isResubmitTarget(prev, resubmission)) continue;
    if (!dependenciesSucceeded(r, latest)) continue;
    if (!prev) runs.push(backfillRun(record.id, r, priority, 1, null, round));
    else runs.push(await resubmissionRun(storage, record.id, r, prev, resubmission!, priority));
  }
  if (runs.length === 0) return [];
  const created = await createRunsInBatches(storage, runs, lease ? { lease } : {});
  notifyRunsQueued();
  return created;
}

/** Every run key reached its end: its latest run is terminal (and not waiting for a resubmission), or it can never run (blocked, or the backfill is no longer requested). */
function ended(plan: Plan, latest: ReadonlyMap<string, RunRecord>, status: BackfillRecord['status'], resubmission: Resubmission | undefined): boolean {
  let blocked: Set<string> | undefined; // computed only once every run key before this one has ended
  return plan.runs.every((r) => {
    const run = latest.get(r.key);
    if (run) {
      if (!isTerminalRunStatus(run.status)) return false;
      const waiting = status === 'requested' && isResubmitTarget(run, resubmission) && dependenciesSucceeded(r, latest);
      return !waiting;
    }
    if (status !== 'requested') return true;
    blocked ??= blockedRunKeys(plan, latest);
    return blocked.has(r.key);
  });
}
