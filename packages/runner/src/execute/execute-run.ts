import { BatonError, type BatonEvent, type BatonStorage, type IOManager, type NewRun, type RunRecord, type RunState, isTerminalRunStatus } from '@baton/core';
import type { RunPlan } from '@baton/planner';
import { PROCESS_OWNER } from '../internal/owner-id';
import { inProcessExecutor } from './in-process-executor';
import { readRunPlan } from './read-run-plan';
import { RunExecution } from './run-execution';
import { assetLookup, type AssetLookup, type RunnerDefinitions } from './runner-definitions';
import type { StepExecutor } from './step-request';

export interface ExecuteRunOptions {
  /**
   * The run to execute: claimed (`storage.claimNextRun`, `storage.claimRun`), or queued (as created
   * by `storage.createRuns`), in which case executeRun claims it first and throws RUN_STATE_CONFLICT
   * if another process did.
   */
  readonly run: Pick<RunRecord, 'id' | 'status' | 'plan'> & { readonly owner?: string | null };
  /** The run's plan; read from `run.plan` when absent. */
  readonly plan?: RunPlan;
  readonly definitions: RunnerDefinitions | AssetLookup;
  readonly storage: BatonStorage;
  /** IO managers by key ('default' required); used by the default in-process executor. */
  readonly ioManagers?: Readonly<Record<string, IOManager>>;
  /** Where step code runs; default: in this process. */
  readonly executor?: StepExecutor;
  /** Ready-made resource values by name (in-process executor). */
  readonly resources?: Readonly<Record<string, unknown>>;
  /** Raw resource config by resource name (in-process executor). */
  readonly resourceConfig?: Readonly<Record<string, unknown>>;
  /** Raw run config by asset key, validated by each asset's config schema. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Aborting cancels the run: running steps get the signal, and after `cancelGraceMs` are abandoned. */
  readonly signal?: AbortSignal;
  /**
   * Asset function calls running at once in this run. Default 8. A step over several partitions of
   * an asset that is not `ranged` calls the function once per partition, and those calls share the limit.
   * A step whose function is done gives its call to the next ready step while its closing events are
   * stored (at most 64 steps wait so, and none once synchronous steps have held the event loop for 20 ms);
   * its dependents start once those events are stored.
   */
  readonly concurrency?: number;
  /** Identifies the executing process in the run record. */
  readonly owner?: string;
  /** How often the run heartbeats (and notices a cancel requested elsewhere). Default 5,000 ms. */
  readonly heartbeatMs?: number;
  /** How long running steps get to stop after cancel. Default 5,000 ms. */
  readonly cancelGraceMs?: number;
  /** Injectable sleep for retry backoff (tests). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Injectable randomness for retry jitter (tests). */
  readonly random?: () => number;
  /**
   * How long an event may wait to be written with others (ms). Step outcomes are always written
   * before dependents start and before the run ends; this only delays STEP_STARTED and LOG events
   * of steps still running. Default 10.
   */
  readonly flushDelayMs?: number;
  /** Sees every event as the run produces it (before it is stored). */
  readonly onEvent?: (event: BatonEvent) => void;
}

export interface RunResult {
  readonly runId: string;
  readonly status: 'success' | 'failure' | 'canceled';
  readonly error: string | null;
  readonly state: RunState;
}

/**
 * Executes one run: steps start as soon as the steps they depend on succeed, up to `concurrency` at
 * once; a step over several partitions calls the asset function once per partition (unless the
 * asset is `ranged`), concurrently within the same limit, or in key order for a self-dependent
 * asset, and records each partition's outcome. Each step runs through `executeStep` (attempts
 * through the executor, retries, timeouts, pools, checks: the same code as distributed workers);
 * ordering, concurrency and cancellation are handled here; every transition is an event, appended to storage in per-tick batches and folded by
 * core's `RunStateMachine`, the fold storage computes its runs and steps rows with (so the UI reads the same state). A failing step is an outcome (the run fails, its dependents are
 * skipped); the promise rejects only on misuse or when storage itself fails.
 *
 * @example
 * const [run] = await storage.createRuns([{ assetKeys: ['a', 'b'], partition: { kind: 'none' }, plan: runPlan }]);
 * const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: filesystemIOManager() } });
 * result.status // 'success'
 */
export async function executeRun(options: ExecuteRunOptions): Promise<RunResult> {
  return executeClaimedRun(options, {});
}

/** How the caller of `executeClaimedRun` claimed the run. */
export interface ClaimedHow {
  /** Claimed just before, by a transaction that read its stored status (createRuns with `claimedBy`, claimNextRun). */
  readonly claimedNow?: boolean;
  /**
   * Not stored yet: the run (`run` is its record, claimed by `owner`) is created with its first batch
   * of events (`appendEvents`' `createRuns`), at most the flush delay after it began. Until then no
   * other process can see it, so none can claim or cancel it, and it is not looked at.
   */
  readonly create?: NewRun & { readonly id: string };
}

/**
 * `executeRun` for a caller that claimed the run itself just before (`executePlan`, the coordinator):
 * the claim's own transaction was the look at the stored status, so no step waits for another read
 * of the run; or one that created it claimed in memory, to be stored with its first events
 * (`how.create`). Internal to the runner: a record read earlier is looked at.
 */
export async function executeClaimedRun(options: ExecuteRunOptions, how: ClaimedHow): Promise<RunResult> {
  const { run, storage } = options;
  const claimedNow = how.claimedNow === true || how.create !== undefined;
  const runId = run.id;
  if (isTerminalRunStatus(run.status)) {
    throw new BatonError('RUN_STATE_CONFLICT', `Run "${runId}" already ended (${run.status})`, {
      hint: 're-execute it instead (reexecuteFromFailure) to run its failed steps again',
      details: { runId, status: run.status },
    });
  }
  const owner = options.owner ?? PROCESS_OWNER;
  // Whoever executes a run claims it first, atomically: a queued run another process claimed meanwhile
  // (a dev server's coordinator, a worker) is not executed twice.
  const claimsHere = run.status === 'queued';
  // claimed and started in one transaction: no other write before the first step
  const startAt = Date.now();
  const claimed = claimsHere ? await storage.claimRun(runId, owner, { startAt }) : run;
  if (!claimed) {
    const current = await storage.getRun(runId, { withPlan: false });
    throw new BatonError('RUN_STATE_CONFLICT', `Run "${runId}" is no longer queued (${current?.status ?? 'deleted'}): another process claimed it, or it was canceled`, {
      hint: 'follow it instead (it is executed where it was claimed), or launch a new run',
      details: { runId, status: current?.status ?? null },
    });
  }
  const plan = options.plan ?? readRunPlan(run.plan, runId);
  const assets = assetLookup(options.definitions);
  const executor =
    options.executor ??
    inProcessExecutor({
      definitions: assets,
      ioManagers: options.ioManagers ?? {},
      ...(options.resources ? { resources: options.resources } : {}),
      ...(options.resourceConfig ? { resourceConfig: options.resourceConfig } : {}),
    });
  if (!options.executor && !options.ioManagers?.default) {
    throw new BatonError('INVALID_DEFINITION', `executeRun needs ioManagers.default (run "${runId}")`, {
      hint: 'pass ioManagers: { default: filesystemIOManager() } (or memoryIOManager() in tests)',
    });
  }
  return new RunExecution(options, plan, assets, executor, owner).execute({ how, claimed, claimsHere, claimedNow, startAt });
}
