import { setMaxListeners } from 'node:events';
import { BatonError, RunStateMachine, type BatonEvent, type BatonStorage, type IOManager, type NewRun, type RunRecord, type RunState, isTerminalRunStatus } from '@baton/core';
import type { RunPlan } from '@baton/planner';
import { PROCESS_OWNER, sleep as defaultSleep } from '../internal/owner-id';
import { EventSink } from './event-sink';
import { executeStep, type ExecuteStepOptions, type SlotWanter, type StepEnd, type StepEnvironment, type StepExecution } from './execute-step';
import { inProcessExecutor } from './in-process-executor';
import { isThenable } from './is-thenable';
import { partitionProvenance } from './partition-provenance';
import { notifyPoolSlotReleased } from './pool-slots';
import { readRunPlan } from './read-run-plan';
import { RunMaterializations } from './run-materializations';
import { assetLookup, type AssetLookup, type RunnerDefinitions } from './runner-definitions';
import type { StepExecutor } from './step-request';
import { runFailureMessage } from './run-failure-message';
import { StepSchedule } from './step-schedule';

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
  const ownsExecutor = !options.executor;
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
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const sleep = options.sleep ?? defaultSleep;
  const graceMs = options.cancelGraceMs ?? 5_000;
  const machine = new RunStateMachine(runId);
  // what this run wrote (ids from storage) and read of its upstreams: provenance without re-reading
  const known = new RunMaterializations();
  const seeEvent = (e: BatonEvent) => {
    machine.apply(e);
    options.onEvent?.(e);
  };
  const sink = new EventSink(storage, seeEvent, options.flushDelayMs ?? 10, (events, seqs) => known.recordStored(events, seqs));
  if (how.create) sink.createWithFirstBatch(how.create);
  const emit = (event: BatonEvent) => sink.push(event);
  const now = () => Date.now();

  // graph of steps in this run, by position in the plan
  const schedule = new StepSchedule(plan.steps);
  const steps = plan.steps;
  // one signal for every step of the run (a cancel aborts them all at once): an AbortSignal costs
  // microseconds to create, and a step's own listeners on it are removed when the step is done
  const stepsController = new AbortController();
  const stepsSignal = stepsController.signal;
  setMaxListeners(0, stepsSignal); // a listener per running step with a timeout or an async function
  const failedSteps: string[] = [];
  /** Function calls under way: one per running step, plus extra partitions of per-partition steps. */
  let busy = 0;
  const wanters: SlotWanter[] = [];
  let canceling = false;
  let poolsUsed = false;

  // also sets the first heartbeat; under this process's claim: refused if the run went back to the queue since (see below).
  // A run claimed here was started by the claim's own transaction (`startAt`; a storage that ignores it returns the run
  // starting, and it is started here as any other).
  if (claimsHere && claimed.status === 'running') seeEvent({ type: 'RUN_STARTED', runId, owner, claimedBy: owner, timestamp: startAt });
  else emit({ type: 'RUN_STARTED', runId, owner, ...(claimed.status === 'starting' ? { claimedBy: claimed.owner ?? owner } : {}), timestamp: now() });

  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let graceTimer: NodeJS.Timeout | undefined;

  const cancel = () => {
    if (canceling || schedule.allEnded) return;
    canceling = true;
    emit({ type: 'RUN_CANCELING', runId, timestamp: now() });
    stepsController.abort(new Error(`run ${runId} was canceled`));
    for (let i = 0; i < steps.length; i++) {
      if (!schedule.hasEnded(i) && !schedule.isRunning(i)) {
        schedule.end(i);
        emit({ type: 'STEP_SKIPPED', runId, stepKey: steps[i]!.key, reason: 'run canceled', timestamp: now() });
      }
    }
    graceTimer = setTimeout(() => {
      for (const i of schedule.running()) {
        const key = steps[i]!.key;
        schedule.end(i);
        emit({ type: 'STEP_FAILURE', runId, stepKey: key, error: `step ${key} did not stop within ${graceMs} ms of the cancel; abandoned`, attempt: machine.state.steps.get(key)?.attempt ?? 1, willRetry: false, timestamp: now() });
      }
      resolveDone();
    }, graceMs);
    graceTimer.unref?.();
    if (schedule.runningCount === 0) resolveDone();
  };
  /** Whether a cancel requested elsewhere (the API, `baton cancel`) is stored: canceling, or canceled if it was asked while the run looked queued. */
  const cancelStored = async () => {
    if (!sink.runWritten) return false; // not stored yet: nobody else knows it
    const current = await storage.getRun(runId, { withPlan: false });
    return current?.status === 'canceling' || current?.status === 'canceled';
  };
  const noticeStoredCancel = async () => {
    if (await cancelStored()) cancel();
  };
  const onAbort = () => cancel();
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const heartbeat = setInterval(() => {
    void (async () => {
      try {
        await storage.heartbeat([runId], owner, now());
        await noticeStoredCancel();
      } catch {
        // a missed heartbeat is retried on the next tick
      }
    })();
  }, options.heartbeatMs ?? 5_000);
  heartbeat.unref?.();

  /** Steps whose blocking check failed (severity error): their dependents are skipped with this reason. */
  const blockedBy = new Map<string, string>();
  const skipDependents = (i: number, why: string) => {
    const stack = [...schedule.dependentsOf(i)];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (schedule.hasEnded(k)) continue;
      schedule.end(k);
      emit({ type: 'STEP_SKIPPED', runId, stepKey: steps[k]!.key, reason: why, timestamp: now() });
      stack.push(...schedule.dependentsOf(k));
    }
  };

  /** True while `pump` runs: a step ending synchronously inside it (nothing to store) leaves the starting to the loop under way. */
  let pumping = false;
  const pump = () => {
    if (pumping) return;
    pumping = true;
    try {
      startReady();
    } finally {
      pumping = false;
    }
    if (schedule.allEnded && schedule.runningCount === 0) resolveDone();
  };
  const startReady = () => {
    while (!canceling && busy < concurrency) {
      const i = schedule.nextReady();
      if (i < 0) break;
      schedule.start(i);
      busy++;
      runStep(i);
    }
    // slots no ready step took go to steps with partitions left, round robin
    while (!canceling && busy < concurrency) {
      const i = wanters.findIndex((w) => w.wants());
      if (i < 0) break;
      const [wanter] = wanters.splice(i, 1);
      wanters.push(wanter!);
      busy++;
      wanter!.take();
    }
  };
  const releaseSlot = () => {
    busy--;
    pump();
  };

  const finishStep = (i: number, end: StepEnd) => {
    if (!schedule.isRunning(i)) return; // abandoned after the cancel grace period
    schedule.end(i);
    busy--;
    const key = steps[i]!.key;
    const blocked = blockedBy.size > 0 ? blockedBy.get(key) : undefined;
    if (end === 'success' && blocked !== undefined) {
      skipDependents(i, blocked);
    } else if (end === 'success') {
      schedule.unblockDependents(i);
    } else {
      failedSteps.push(key);
      skipDependents(i, end === 'canceled' ? 'run canceled' : `upstream step ${key} failed`);
    }
    if (canceling && schedule.runningCount === 0) resolveDone();
    pump();
  };

  const stepEnv: StepEnvironment = {
    runId,
    storage,
    assets,
    executor,
    config: options.config ?? {},
    events: { emit, flush: () => sink.flush() },
    provenanceOf: partitionProvenance(storage, assets),
    known,
    sleep,
    ...(options.random ? { random: options.random } : {}),
    slots: {
      offer: (wanter) => {
        wanters.push(wanter);
        queueMicrotask(pump); // not re-entrant: this may run inside pump, which is still starting steps
        return () => {
          const i = wanters.indexOf(wanter);
          if (i >= 0) wanters.splice(i, 1);
        };
      },
      release: releaseSlot,
    },
    onPoolClaimed: () => (poolsUsed = true),
    now,
  };

  /** Records a step's closing events here (one function for the run, not one per step). */
  const stepOptions: ExecuteStepOptions = {
    settle(execution, step) {
      if (execution.blocked !== undefined && !blockedBy.has(step.key)) blockedBy.set(step.key, execution.blocked);
      const events = execution.events;
      for (let e = 0; e < events.length; e++) emit(events[e]!); // indexed: no iterator objects while this code is cold
      // dependents read this outcome from storage: it must be stored before they start
      // steps ending in the same turn share one append when others are running, or about to start in the
      // pump under way (a step that had nothing to wait for ends inside it); a lone step does not wait
      if (execution.end !== 'success' || schedule.hasDependents(schedule.indexOf(step.key))) {
        const company = schedule.runningCount > 1 || (pumping && busy < concurrency && schedule.hasReady());
        return company ? sink.flushGathered() : sink.flush();
      }
    },
  };
  /** Runs one step (shared with the distributed step-job handler), then schedules what it unblocks (at once when the step had nothing to wait for). */
  const runStep = (i: number): void => {
    const ran = executeStep(stepEnv, steps[i]!, stepsSignal, stepOptions);
    if (isThenable(ran)) finishLater(i, ran);
    else finishStep(i, ran.end);
  };
  /** (A closure of its own: `runStep` allocates no context per step.) */
  const finishLater = (i: number, ran: Promise<StepExecution>): void => {
    void ran.then((execution) => finishStep(i, execution.end));
  };

  // A run claimed in storage is started there before any step starts, under this process's claim: a
  // claimer that was slow (stalled past the heartbeat threshold between its claim and now) finds its run
  // requeued by crash recovery, maybe claimed by another process — storage refuses the start and this
  // process executes nothing. A run created with its first events (`how.create`) is invisible until
  // then, so nobody can have requeued it: its RUN_STARTED goes with the first step's events.
  if (!how.create) {
    try {
      await sink.flush();
    } catch (error) {
      clearInterval(heartbeat);
      options.signal?.removeEventListener('abort', onAbort);
      if (ownsExecutor) await executor.close();
      if (BatonError.is(error) && error.code === 'RUN_STATE_CONFLICT') {
        throw new BatonError('RUN_STATE_CONFLICT', `Run "${runId}" was not started by ${owner}: ${error.message}`, {
          hint: 'nothing of it was executed here; the process that claimed it since executes it',
          details: { runId, owner },
          cause: error,
        });
      }
      throw error;
    }
  }
  // A cancel may have been stored between the claim and now: no step starts before this run has looked.
  // A claim made just now (here, or by the caller: `claimedNow`) is that look: its transaction read the
  // stored status. Folded over a stored cancel, RUN_STARTED leaves the run canceling (core's fold), and a
  // cancel stored after the look is noticed by the heartbeat, as one stored after a write would be.
  if (!claimsHere && !claimedNow) await noticeStoredCancel();
  pump();
  await done;
  clearTimeout(graceTimer);
  clearInterval(heartbeat);
  // A cancel stored while the last steps ran (the heartbeat notices one at most heartbeatMs late) still
  // ends the run canceled: whoever asked was told it is canceling.
  if (!canceling && (await cancelStored())) canceling = true;
  options.signal?.removeEventListener('abort', onAbort);

  const teardownErrors = await executor.endRun(runId).then(
    () => [] as string[],
    (e: unknown) => [(e as Error).message],
  );
  for (const message of teardownErrors) emit({ type: 'LOG', runId, level: 'warn', message: `resource teardown failed: ${message}`, timestamp: now() });
  if (ownsExecutor) await executor.close();
  if (poolsUsed || canceling) {
    await storage.releasePoolSlotsOfRuns([runId]);
    notifyPoolSlotReleased();
  }
  let status: RunResult['status'];
  let error: string | null = null;
  if (canceling) {
    status = 'canceled';
    emit({ type: 'RUN_CANCELED', runId, timestamp: now() });
  } else if (failedSteps.length > 0 || blockedBy.size > 0) {
    status = 'failure';
    error = failedSteps.length > 0 ? runFailureMessage(failedSteps, machine.state.steps.get(failedSteps[0]!)?.error ?? '') : [...blockedBy.values()].join('; ');
    emit({ type: 'RUN_FAILURE', runId, error, timestamp: now() });
  } else {
    status = 'success';
    emit({ type: 'RUN_SUCCESS', runId, timestamp: now() });
  }
  await sink.flush();
  return { runId, status, error, state: machine.state };
}
