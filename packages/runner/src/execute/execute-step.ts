import type { AssetDefinition, BatonEvent, BatonStorage } from '@baton/core';
import type { StepPlan } from '@baton/planner';
import type { PartitionProvenance } from './partition-provenance';
import type { RunMaterializations } from './run-materializations';
import { claimPoolSlotWhenFree, notifyPoolSlotReleased } from './pool-slots';
import { runPartitions } from './run-partitions';
import { stepDefinitions, type AssetLookup } from './runner-definitions';
import { settleStep } from './settle-step';
import { failStep, StepAttempts } from './step-attempts';
import { runsPerPartition } from './step-shape';
import type { StepExecutor } from './step-request';

/** How a step ended. */
export type StepEnd = 'success' | 'failure' | 'canceled';

/** Where a step's events go while it runs. */
export interface StepEventSink {
  /**
   * A progress event: STEP_STARTED, LOG, a failure that will be retried, the MATERIALIZATION of one
   * partition of a per-partition step. Stored soon, in order.
   */
  emit(event: BatonEvent): void;
  /** Stores every event emitted so far (the next partition of a self-dependent asset reads the previous one). */
  flush(): Promise<void>;
}

/** A step running partitions one call each, asking for more calls while it has partitions left. */
export interface SlotWanter {
  wants(): boolean;
  /** Called with one slot taken on its behalf; gives it back through `ExtraCallSlots.release`. */
  take(): void;
}

/** Where a step over several partitions gets function calls beyond its own (the run's or the worker's free slots). */
export interface ExtraCallSlots {
  /** Registers a step wanting more calls; `take` is called once per slot granted. Returns a function withdrawing it. */
  offer(wanter: SlotWanter): () => void;
  /** Gives back a slot granted through `take`. */
  release(): void;
}

/** What steps of one run (or one worker job) share. */
export interface StepEnvironment {
  readonly runId: string;
  readonly storage: BatonStorage;
  readonly assets: AssetLookup;
  readonly executor: StepExecutor;
  /** Raw run config by asset key. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly events: StepEventSink;
  /** Provenance of one partition of a step over several (`partitionProvenance(storage, assets)`). */
  readonly provenanceOf: PartitionProvenance;
  /** The run's knowledge of its upstreams' latest materializations (read once per run, and what it wrote). */
  readonly known?: RunMaterializations;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Randomness for retry jitter (tests). */
  readonly random?: () => number;
  /** Free call slots for the extra partitions of a per-partition step; absent: one partition at a time. */
  readonly slots?: ExtraCallSlots;
  /** Told when the step claimed a concurrency-pool slot (released again when the step ends). */
  readonly onPoolClaimed?: () => void;
  readonly now?: () => number;
}

export interface ExecuteStepOptions {
  /** Attempts already recorded for this step (a job delivered again); numbering continues after them. Default 0. */
  readonly previousAttempt?: number;
  /**
   * Records the step's closing events; called before the step's pool slots are released. Without it,
   * the caller records `StepExecution.events` itself. `step` is the step executed (so one function serves a run).
   */
  readonly settle?: (execution: StepExecution, step: StepPlan) => Promise<void> | void;
}

/** What a step did: how it ended and its closing events, not yet stored. */
export interface StepExecution {
  readonly end: StepEnd;
  /**
   * MATERIALIZATION (each followed by its CHECK_RESULTs)… then STEP_SUCCESS, or STEP_FAILURE
   * (per-partition materializations and their check results were emitted as progress).
   */
  readonly events: readonly BatonEvent[];
  /** Set when a blocking check failed with severity error (`blockingCheckReason`): the step's dependents must not run. */
  readonly blocked?: string;
}

/**
 * Executes one ready step, from claiming its pool slots to the events describing its outcome: config,
 * resources, inputs and outputs happen in the executor; here are the attempts with the asset's
 * retries and timeout, the materializations with their provenance, and cancellation. A step over
 * several partitions of an asset that is not `ranged` calls the function once per partition (its own
 * inputs, retries, timeout and materialization), concurrently through `env.slots`, or in key order for
 * a self-dependent asset, and fails naming the partitions that did not succeed. Both `executeRun` and
 * the distributed step-job handler run steps through this function.
 *
 * Output schemas are validated and checks evaluated inside the attempt (`runStepAttempt`); here each
 * materialization is followed by its CHECK_RESULT events, and a failed blocking check sets `blocked`.
 *
 * A step without pools whose attempt had nothing to wait for (inputs the run knows, an executor
 * answering in this process, a function returning a value) runs synchronously up to storing its
 * closing events: the execution itself comes back when `options.settle` stored nothing, else a
 * promise of it. Never rejects.
 *
 * @example
 * const { end, events } = await executeStep(
 *   { runId, storage, assets, executor, config: {}, events: sink, provenanceOf: partitionProvenance(storage, assets), sleep },
 *   step,
 *   controller.signal,
 * );
 */
export function executeStep(env: StepEnvironment, step: StepPlan, signal: AbortSignal, options: ExecuteStepOptions = NO_OPTIONS): StepExecution | Promise<StepExecution> {
  const base = options.previousAttempt ?? 0;
  let defs: AssetDefinition[];
  try {
    defs = stepDefinitions(env.assets, step.assetKeys, step.key);
  } catch (error) {
    return failStep(env, step, signal, options, error, base);
  }
  const primary = defs[0]!;
  const pools = defs.length === 1 ? (primary.pool ? [primary.pool] : NO_POOLS) : [...new Set(defs.map((d) => d.pool).filter((p): p is string => !!p))];
  if (pools.length > 0 || runsPerPartition(step, defs)) return executeHeldStep(env, step, signal, options, defs, pools, base);
  return new StepAttempts(env, step, signal, options, defs, base).run();
}

const NO_OPTIONS: ExecuteStepOptions = {};
const NO_POOLS: readonly string[] = [];

/** `executeStep` of a step that claims concurrency-pool slots first, or calls its function once per partition; the slots are released once its events are stored. */
async function executeHeldStep(env: StepEnvironment, step: StepPlan, signal: AbortSignal, options: ExecuteStepOptions, defs: readonly AssetDefinition[], pools: readonly string[], base: number): Promise<StepExecution> {
  const { runId, storage } = env;
  let held: string[] | undefined;
  let attempt = base;
  try {
    for (const pool of pools) {
      env.onPoolClaimed?.();
      await claimPoolSlotWhenFree(storage, pool, runId, step.key, signal);
      (held ??= []).push(pool);
    }
    if (runsPerPartition(step, defs)) {
      attempt = base + 1;
      return await settleStep(options, step, await runPartitions(env, step, defs, signal, base));
    }
    return await new StepAttempts(env, step, signal, options, defs, base).run();
  } catch (error) {
    return await failStep(env, step, signal, options, error, attempt);
  } finally {
    if (held !== undefined) {
      await Promise.all(held.map((pool) => storage.releasePoolSlot(pool, runId, step.key).catch(() => {})));
      notifyPoolSlotReleased();
    }
  }
}
