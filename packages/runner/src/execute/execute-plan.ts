import type { BatonEvent, BatonStorage, Definitions, IOManager, RunRecord } from '@baton/core';
import type { Plan, RunPlan } from '@baton/planner';
import { PROCESS_OWNER } from '../internal/owner-id';
import { executeClaimedRun } from './execute-run';
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
  /** Called with the run key when a run is created, and with each of its events. */
  readonly onRunCreated?: (runPlan: RunPlan, run: RunRecord) => void;
  readonly onEvent?: (runPlan: RunPlan, event: BatonEvent) => void;
  readonly onRunSkipped?: (runPlan: RunPlan, reason: string) => void;
}

/**
 * Executes every run of a plan in this process, in launch order: a run starts once the runs it
 * depends on succeeded, and is skipped when one did not. Runs are stored like any other, so a dev
 * server on the same storage shows them live. Each run is created already claimed by this process
 * (one transaction), so no other process's queue executes it.
 *
 * @example
 * const outcomes = await executePlan({ plan, storage, definitions, ioManagers });
 * outcomes.every((o) => o.status === 'success');
 */
export async function executePlan(options: ExecutePlanOptions): Promise<PlanRunOutcome[]> {
  const { plan, storage } = options;
  const outcomes = new Map<string, PlanRunOutcome>();
  for (const runPlan of plan.runs) {
    const failedDep = runPlan.dependsOnRuns.find((k) => outcomes.get(k)?.status !== 'success');
    if (failedDep !== undefined || options.signal?.aborted) {
      const reason = options.signal?.aborted ? 'canceled' : `run ${failedDep} did not succeed`;
      options.onRunSkipped?.(runPlan, reason);
      outcomes.set(runPlan.key, { runKey: runPlan.key, runId: null, status: 'skipped', error: reason, followed: false });
      continue;
    }
    // Created already claimed by this process, in one transaction: a dev server polling the same queue
    // never sees it queued, so it is executed here exactly once.
    const [created] = await storage.createRuns([
      { assetKeys: runPlan.assetKeys, partition: runPlan.partition, tags: { ...runPlan.tags, ...options.tags }, plan: runPlan, claimedBy: PROCESS_OWNER },
    ]);
    const run = created!;
    options.onRunCreated?.(runPlan, run);
    const onEvent = (event: BatonEvent) => options.onEvent?.(runPlan, event);
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
      definitions: options.definitions,
      storage,
      ioManagers: options.ioManagers,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.resources ? { resources: options.resources } : {}),
      ...(options.config ? { config: options.config } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent,
    }, true); // claimed just now, by the creating transaction or by claimRun: that was the look at its stored status
    outcomes.set(runPlan.key, { runKey: runPlan.key, runId: run.id, status: result.status, error: result.error, followed: false });
  }
  return [...outcomes.values()];
}
