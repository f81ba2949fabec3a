import { newRunId, type BatonEvent, type BatonStorage, type Definitions, type IOManager, type NewRun, type RunRecord } from '@baton/core';
import type { Plan, RunPlan } from '@baton/planner';
import { PROCESS_OWNER } from '../internal/owner-id';
import { executeClaimedRun } from './execute-run';
import { assetLookup, type AssetLookup } from './runner-definitions';
import { followRun } from './follow-run';

export interface PlanRunOutcome {
  readonly runKey: string;
  /** null when the run was never created (a run it depends on did not succeed). */
  readonly runId: string | null;
  readonly status: 'success' | 'failure' | 'canceled' | 'skipped';
  readonly error: string | null;
  /** True when another process (a dev server) executed it and this one followed along. */
  readonly followed: boolean;
}

export interface ExecutePlanOptions {
  readonly plan: Plan;
  readonly storage: BatonStorage;
  readonly definitions: Definitions;
  readonly ioManagers: Readonly<Record<string, IOManager>>;
  readonly concurrency?: number;
  /** Tags added to every run, e.g. `{ 'baton/source': 'cli' }`. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Ready-made resource values by name (in-process executor). */
  readonly resources?: Readonly<Record<string, unknown>>;
  /** Raw run config by asset key, validated by each asset's config schema. */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
  /**
   * Called when a run is created, before it executes (claimed by this process; it is stored with its
   * first events, at most the flush delay later: see `executeRun`'s `flushDelayMs`), and with each of its events.
   */
  readonly onRunCreated?: (runPlan: RunPlan, run: RunRecord) => void;
  readonly onEvent?: (runPlan: RunPlan, event: BatonEvent) => void;
  readonly onRunSkipped?: (runPlan: RunPlan, reason: string) => void;
}

/**
 * Executes every run of a plan in this process, in launch order: a run starts once the runs it
 * depends on succeeded, and is skipped when one did not. Runs are stored like any other, so a dev
 * server on the same storage shows them live. Each run is created already claimed by this process,
 * so no other process's queue executes it, and stored with its first batch of events (one write for a
 * run whose steps end within the flush delay, 10 ms: created, executed and ended); a run whose steps
 * claim pool slots is stored before they start.
 *
 * @example
 * const outcomes = await executePlan({ plan, storage, definitions, ioManagers });
 * outcomes.every((o) => o.status === 'success');
 */
export async function executePlan(options: ExecutePlanOptions): Promise<PlanRunOutcome[]> {
  const { plan, storage } = options;
  const assets = assetLookup(options.definitions);
  const outcomes = new Map<string, PlanRunOutcome>();
  for (const runPlan of plan.runs) {
    const failedDep = runPlan.dependsOnRuns.find((k) => outcomes.get(k)?.status !== 'success');
    if (failedDep !== undefined || options.signal?.aborted) {
      const reason = options.signal?.aborted ? 'canceled' : `run ${failedDep} did not succeed`;
      options.onRunSkipped?.(runPlan, reason);
      outcomes.set(runPlan.key, { runKey: runPlan.key, runId: null, status: 'skipped', error: reason, followed: false });
      continue;
    }
    // Created already claimed by this process: a dev server polling the same queue never sees it
    // queued, so it is executed here exactly once. Stored with its first events (one write for a run
    // whose steps end within the flush delay), unless a step claims pool slots: a slot names a stored run.
    const newRun = { id: newRunId(), assetKeys: runPlan.assetKeys, partition: runPlan.partition, tags: { ...runPlan.tags, ...options.tags }, plan: runPlan, claimedBy: PROCESS_OWNER, createdAt: Date.now() };
    const createWithEvents = !claimsPoolSlots(runPlan, assets);
    const run = createWithEvents ? claimedRecord(newRun) : (await storage.createRuns([newRun]))[0]!;
    options.onRunCreated?.(runPlan, run);
    const onEvent = eventsOf(runPlan, options);
    const claimed = run.status === 'starting' ? run : await storage.claimRun(run.id, PROCESS_OWNER);
    if (!claimed) {
      const ended = await followRun(storage, run.id, onEvent);
      outcomes.set(runPlan.key, { runKey: runPlan.key, runId: run.id, status: ended.status as PlanRunOutcome['status'], error: ended.error, followed: true });
      continue;
    }
    const result = await executeClaimedRun({
      run: claimed,
      owner: PROCESS_OWNER,
      plan: runPlan,
      definitions: assets,
      storage,
      ioManagers: options.ioManagers,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.resources ? { resources: options.resources } : {}),
      ...(options.config ? { config: options.config } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent,
    }, createWithEvents ? { create: newRun } : { claimedNow: true }); // claimed just now (the creating transaction or claimRun read its status), or not stored yet
    outcomes.set(runPlan.key, { runKey: runPlan.key, runId: run.id, status: result.status, error: result.error, followed: false });
  }
  return [...outcomes.values()];
}

/**
 * `options.onEvent` for the events of `runPlan`. Returned, not bound to a name: under tsx (esbuild's keepNames) a
 * named closure costs an `Object.defineProperty` of its name per run.
 */
function eventsOf(runPlan: RunPlan, options: ExecutePlanOptions): (event: BatonEvent) => void {
  return (event) => options.onEvent?.(runPlan, event);
}

/** Whether a step of the run claims a concurrency-pool slot (which names the run: it must be stored first). */
function claimsPoolSlots(runPlan: RunPlan, assets: AssetLookup): boolean {
  return runPlan.steps.some((step) => step.assetKeys.some((key) => assets.byKey.get(key)?.pool !== undefined));
}

/** The record of a run created claimed by `claimedBy`, as storage will hold it once its first events are written. */
function claimedRecord(run: NewRun & { readonly id: string; readonly claimedBy: string; readonly createdAt: number }): RunRecord {
  return {
    id: run.id, status: 'starting', assetKeys: run.assetKeys, partition: run.partition, tags: run.tags ?? {}, backfillId: null, parentRunId: null,
    priority: 0, plan: run.plan, createdAt: run.createdAt, startedAt: null, endedAt: null, heartbeatAt: run.createdAt, owner: run.claimedBy, error: null,
  };
}
