import type { BatonStorage } from '@baton/core';
import { runEvents } from '../internal/run-events';

/** What a run that ended left done, read from its events. */
export interface RunLeftovers {
  /** Steps that succeeded (STEP_SUCCESS). */
  readonly succeeded: ReadonlySet<string>;
  /** Asset partitions the run materialized, as `assetKey` + `\u0000` + partition key ('' unpartitioned). */
  readonly materialized: ReadonlySet<string>;
  /** Per step: the partitions its final STEP_FAILURE named as not succeeded (only when the event named them). */
  readonly failedPartitions: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Reads a run's events once (paged) and returns what it left done: succeeded steps, materialized
 * asset partitions, and the partitions each failed step reported as failed or never run. The
 * input to `remainingPlan` when re-executing from failure.
 *
 * @example
 * const left = await readRunLeftovers(storage, failedRun.id);
 * const rest = remainingPlan(plan, left.succeeded, left);
 */
export async function readRunLeftovers(storage: BatonStorage, runId: string): Promise<RunLeftovers> {
  const succeeded = new Set<string>();
  const materialized = new Set<string>();
  const failedPartitions = new Map<string, Set<string>>();
  for await (const e of runEvents(storage, runId)) {
    if (e.type === 'STEP_SUCCESS') succeeded.add(e.stepKey);
    else if (e.type === 'MATERIALIZATION') materialized.add(`${e.assetKey}\u0000${e.partitionKey ?? ''}`);
    else if (e.type === 'STEP_FAILURE' && !e.willRetry && e.partitionKeys) failedPartitions.set(e.stepKey, new Set(e.partitionKeys));
  }
  return { succeeded, materialized, failedPartitions };
}
