import { setMaxListeners } from 'node:events';
import { BatonError, RunStateMachine, type BatonEvent, type BatonStorage, type RunRecord } from '@baton/core';
import type { RunPlan, StepPlan } from '@baton/planner';
import { sleep as defaultSleep } from '../internal/owner-id';
import type { ClaimedHow, ExecuteRunOptions, RunResult } from './execute-run';
import { executeStep, type ExecuteStepOptions, type ExtraCallSlots, type SlotWanter, type StepEnd, type StepEnvironment, type StepEventSink, type StepExecution } from './execute-step';
import { EventSink } from './event-sink';
import { isThenable } from './is-thenable';
import { partitionProvenance, type PartitionProvenance } from './partition-provenance';
import { notifyPoolSlotReleased } from './pool-slots';
import { RunMaterializations } from './run-materializations';
import { runFailureMessage } from './run-failure-message';
import type { AssetLookup } from './runner-definitions';
import type { StepExecutor } from './step-request';
import { StepSchedule } from './step-schedule';

/** The run's clock (read through `Date.now` at each call, so fake timers see it). */
function now(): number {
  return Date.now();
}

/** What `executeClaimedRun` decided before the run's execution starts. */
export interface RunExecutionStart {
  readonly how: ClaimedHow;
  /** The run as claimed (or as given, when the caller claimed it). */
  readonly claimed: Pick<RunRecord, 'status'> & { readonly owner?: string | null };
  /** Claimed by `executeClaimedRun` itself, at `startAt`. */
  readonly claimsHere: boolean;
  /** The claim was a look at the stored status (here, or by the caller just before). */
  readonly claimedNow: boolean;
  readonly startAt: number;
}

/**
 * One run being executed (`executeClaimedRun`): the steps' environment, their event sink, the run's
 * free call slots and the recorder of each step's closing events, all in one object, so a run's setup
 * allocates a few objects rather than a closure per concern (each also wrapped by tsx's keepNames).
 * Steps start as soon as the steps they depend on succeed, up to `concurrency` at once.
 */
export class RunExecution implements StepEnvironment, StepEventSink, ExtraCallSlots, ExecuteStepOptions {
  readonly runId: string;
  readonly storage: BatonStorage;
  readonly assets: AssetLookup;
  readonly executor: StepExecutor;
  readonly config: Readonly<Record<string, unknown>>;
  readonly events: StepEventSink = this;
  readonly provenanceOf: PartitionProvenance;
  /** What this run wrote (ids from storage) and read of its upstreams: provenance without re-reading. */
  readonly known = new RunMaterializations();
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly slots: ExtraCallSlots = this;
  readonly now = now;

  private readonly options: ExecuteRunOptions;
  private readonly owner: string;
  private readonly ownsExecutor: boolean;
  private readonly concurrency: number;
  private readonly graceMs: number;
  private readonly machine: RunStateMachine;
  private readonly sink: EventSink;
  /** Graph of steps in this run, by position in the plan. */
  private readonly schedule: StepSchedule;
  private readonly steps: readonly StepPlan[];
  /**
   * One signal for every step of the run (a cancel aborts them all at once): an AbortSignal costs
   * microseconds to create, and a step's own listeners on it are removed when the step is done.
   */
  private readonly stepsController = new AbortController();
  private readonly failedSteps: string[] = [];
  /** Steps whose blocking check failed (severity error): their dependents are skipped with this reason. */
  private readonly blockedBy = new Map<string, string>();
  /** Function calls under way: one per running step, plus extra partitions of per-partition steps. */
  private busy = 0;
  /**
   * 1 for a step whose call slot was given back when its function was done, while its closing events wait
   * to be stored (see `settle`); `unstored` counts them.
   */
  private readonly slotFreed: Uint8Array;
  private unstored = 0;
  private readonly wanters: SlotWanter[] = [];
  private canceling = false;
  private poolsUsed = false;
  /** True while `pump` runs: a step ending synchronously inside it (nothing to store) leaves the starting to the loop under way. */
  private pumping = false;
  /** When the `pump` under way began (performance.now()): how long synchronous steps have held the event loop. */
  private pumpStartedAt = 0;
  private resolveDone!: () => void;
  private readonly done: Promise<void>;
  private graceTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Listens on `options.signal` (an `EventListener` object: `handleEvent`). */
  private readonly onAbort: EventListenerObject = this;

  constructor(options: ExecuteRunOptions, plan: RunPlan, assets: AssetLookup, executor: StepExecutor, owner: string) {
    this.options = options;
    this.runId = options.run.id;
    this.storage = options.storage;
    this.assets = assets;
    this.executor = executor;
    this.ownsExecutor = !options.executor;
    this.owner = owner;
    this.config = options.config ?? {};
    this.provenanceOf = partitionProvenance(options.storage, assets);
    this.sleep = options.sleep ?? defaultSleep;
    if (options.random) this.random = options.random;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.graceMs = options.cancelGraceMs ?? 5_000;
    this.machine = new RunStateMachine(this.runId);
    this.sink = new EventSink(
      options.storage,
      (e) => this.seeEvent(e),
      options.flushDelayMs ?? 10,
      (events, seqs) => this.known.recordStored(events, seqs),
    );
    this.schedule = new StepSchedule(plan.steps);
    this.steps = plan.steps;
    this.slotFreed = new Uint8Array(plan.steps.length);
    setMaxListeners(0, this.stepsController.signal); // a listener per running step with a timeout or an async function
    this.done = new Promise<void>((r) => (this.resolveDone = r));
  }

  /** Executes the run from its start to its end event (stored), then tears its executor down. */
  async execute(start: RunExecutionStart): Promise<RunResult> {
    const { runId, owner, options, executor } = this;
    const { how, claimed } = start;
    if (how.create) this.sink.createWithFirstBatch(how.create);
    // also sets the first heartbeat; under this process's claim: refused if the run went back to the queue since (see below).
    // A run claimed here was started by the claim's own transaction (`startAt`; a storage that ignores it returns the run
    // starting, and it is started here as any other).
    if (start.claimsHere && claimed.status === 'running') this.seeEvent({ type: 'RUN_STARTED', runId, owner, claimedBy: owner, timestamp: start.startAt });
    else this.emit({ type: 'RUN_STARTED', runId, owner, ...(claimed.status === 'starting' ? { claimedBy: claimed.owner ?? owner } : {}), timestamp: now() });

    if (options.signal?.aborted) this.cancel();
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.heartbeat = setInterval(heartbeatTick, options.heartbeatMs ?? 5_000, this);
    this.heartbeat.unref?.();

    // A run claimed in storage is started there before any step starts, under this process's claim: a
    // claimer that was slow (stalled past the heartbeat threshold between its claim and now) finds its run
    // requeued by crash recovery, maybe claimed by another process — storage refuses the start and this
    // process executes nothing. A run created with its first events (`how.create`) is invisible until
    // then, so nobody can have requeued it: its RUN_STARTED goes with the first step's events.
    if (!how.create) {
      try {
        await this.sink.flush();
      } catch (error) {
        clearInterval(this.heartbeat);
        options.signal?.removeEventListener('abort', this.onAbort);
        if (this.ownsExecutor) await executor.close();
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
    if (!start.claimsHere && !start.claimedNow) await this.noticeStoredCancel();
    this.pump();
    await this.done;
    clearTimeout(this.graceTimer);
    clearInterval(this.heartbeat);
    // A cancel stored while the last steps ran (the heartbeat notices one at most heartbeatMs late) still
    // ends the run canceled: whoever asked was told it is canceling.
    if (!this.canceling && (await this.cancelStored())) this.canceling = true;
    options.signal?.removeEventListener('abort', this.onAbort);

    const teardownErrors = await executor.endRun(runId).then(
      () => [] as string[],
      (e: unknown) => [(e as Error).message],
    );
    for (const message of teardownErrors) this.emit({ type: 'LOG', runId, level: 'warn', message: `resource teardown failed: ${message}`, timestamp: now() });
    if (this.ownsExecutor) await executor.close();
    if (this.poolsUsed || this.canceling) {
      await this.storage.releasePoolSlotsOfRuns([runId]);
      notifyPoolSlotReleased();
    }
    let status: RunResult['status'];
    let error: string | null = null;
    if (this.canceling) {
      status = 'canceled';
      this.emit({ type: 'RUN_CANCELED', runId, timestamp: now() });
    } else if (this.failedSteps.length > 0 || this.blockedBy.size > 0) {
      status = 'failure';
      const failedSteps = this.failedSteps;
      error = failedSteps.length > 0 ? runFailureMessage(failedSteps, this.machine.state.steps.get(failedSteps[0]!)?.error ?? '') : [...this.blockedBy.values()].join('; ');
      this.emit({ type: 'RUN_FAILURE', runId, error, timestamp: now() });
    } else {
      status = 'success';
      this.emit({ type: 'RUN_SUCCESS', runId, timestamp: now() });
    }
    await this.sink.flush();
    return { runId, status, error, state: this.machine.state };
  }

  // --- StepEventSink: the steps' events, folded here and stored through the run's sink

  emit(event: BatonEvent): void {
    this.sink.push(event);
  }

  flush(): Promise<void> {
    return this.sink.flush();
  }

  // --- ExtraCallSlots: the run's free call slots, for steps with partitions left

  offer(wanter: SlotWanter): () => void {
    const wanters = this.wanters;
    wanters.push(wanter);
    queueMicrotask(() => this.pump()); // not re-entrant: this may run inside pump, which is still starting steps
    return () => {
      const i = wanters.indexOf(wanter);
      if (i >= 0) wanters.splice(i, 1);
    };
  }

  release(): void {
    this.busy--;
    this.pump();
  }

  // --- StepEnvironment

  onPoolClaimed(): void {
    this.poolsUsed = true;
  }

  // --- ExecuteStepOptions: records a step's closing events (one function for the run, not one per step)

  settle(execution: StepExecution, step: StepPlan): Promise<void> | undefined {
    const { blockedBy, schedule } = this;
    if (execution.blocked !== undefined && !blockedBy.has(step.key)) blockedBy.set(step.key, execution.blocked);
    const events = execution.events;
    for (let e = 0; e < events.length; e++) this.emit(events[e]!); // indexed: no iterator objects while this code is cold
    // dependents read this outcome from storage: it must be stored before they start
    // steps ending in the same turn share one append when others are running, or about to start in the
    // pump under way (a step that had nothing to wait for ends inside it); a lone step does not wait
    const i = schedule.indexOf(step.key);
    if (execution.end !== 'success' || schedule.hasDependents(i)) {
      const company = schedule.runningCount > 1 || (this.pumping && this.busy < this.concurrency && schedule.hasReady());
      const stored = company ? this.sink.flushGathered() : this.sink.flush();
      this.freeSlotBeforeStored(i);
      return stored;
    }
    return undefined;
  }

  /**
   * The step's function is done and only its closing events are left to store: its call slot goes to the
   * next ready step now (its dependents still wait for the events), so the steps of a wave end into one
   * append instead of one append per `concurrency` steps. At most UNSTORED_STEPS steps wait so, and not
   * once synchronous steps have held the event loop for SYNC_TURN_MS: slow synchronous functions then run
   * `concurrency` at a time between turns, as before (heartbeats and cancels are seen between them).
   */
  private freeSlotBeforeStored(i: number): void {
    if (this.unstored >= UNSTORED_STEPS || i < 0 || this.slotFreed[i] === 1) return;
    if (this.pumping && performance.now() - this.pumpStartedAt > SYNC_TURN_MS) return;
    this.slotFreed[i] = 1;
    this.unstored++;
    this.busy--;
    this.pump();
  }

  /** `options.signal` aborted: the run is canceled. */
  handleEvent(): void {
    this.cancel();
  }

  /** A step's or the run's event, as it is produced: folded into the run's state, and shown to `onEvent`. */
  private seeEvent(e: BatonEvent): void {
    this.machine.apply(e);
    this.options.onEvent?.(e);
  }

  private cancel(): void {
    const { schedule, steps, runId } = this;
    if (this.canceling || schedule.allEnded) return;
    this.canceling = true;
    this.emit({ type: 'RUN_CANCELING', runId, timestamp: now() });
    this.stepsController.abort(new Error(`run ${runId} was canceled`));
    for (let i = 0; i < steps.length; i++) {
      if (!schedule.hasEnded(i) && !schedule.isRunning(i)) {
        schedule.end(i);
        this.emit({ type: 'STEP_SKIPPED', runId, stepKey: steps[i]!.key, reason: 'run canceled', timestamp: now() });
      }
    }
    this.graceTimer = setTimeout(graceEnded, this.graceMs, this);
    this.graceTimer.unref?.();
    if (schedule.runningCount === 0) this.resolveDone();
  }

  /** The cancel's grace period is over: steps still running are abandoned. */
  abandonRunning(): void {
    const { schedule, steps, runId } = this;
    for (const i of schedule.running()) {
      const key = steps[i]!.key;
      schedule.end(i);
      this.emit({ type: 'STEP_FAILURE', runId, stepKey: key, error: `step ${key} did not stop within ${this.graceMs} ms of the cancel; abandoned`, attempt: this.machine.state.steps.get(key)?.attempt ?? 1, willRetry: false, timestamp: now() });
    }
    this.resolveDone();
  }

  /** Whether a cancel requested elsewhere (the API, `baton cancel`) is stored: canceling, or canceled if it was asked while the run looked queued. */
  private async cancelStored(): Promise<boolean> {
    if (!this.sink.runWritten) return false; // not stored yet: nobody else knows it
    const current = await this.storage.getRun(this.runId, { withPlan: false });
    return current?.status === 'canceling' || current?.status === 'canceled';
  }

  private async noticeStoredCancel(): Promise<void> {
    if (await this.cancelStored()) this.cancel();
  }

  /** A heartbeat, then a look for a cancel stored elsewhere. */
  async beat(): Promise<void> {
    await this.storage.heartbeat([this.runId], this.owner, now());
    await this.noticeStoredCancel();
  }

  private skipDependents(i: number, why: string): void {
    const { schedule, steps, runId } = this;
    const stack = [...schedule.dependentsOf(i)];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (schedule.hasEnded(k)) continue;
      schedule.end(k);
      this.emit({ type: 'STEP_SKIPPED', runId, stepKey: steps[k]!.key, reason: why, timestamp: now() });
      stack.push(...schedule.dependentsOf(k));
    }
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    this.pumpStartedAt = performance.now();
    try {
      this.startReady();
    } finally {
      this.pumping = false;
    }
    if (this.schedule.allEnded && this.schedule.runningCount === 0) this.resolveDone();
  }

  private startReady(): void {
    const { schedule, wanters, concurrency } = this;
    while (!this.canceling && this.busy < concurrency) {
      const i = schedule.nextReady();
      if (i < 0) break;
      schedule.start(i);
      this.busy++;
      this.runStep(i);
    }
    // slots no ready step took go to steps with partitions left, round robin
    while (!this.canceling && this.busy < concurrency) {
      const i = wanters.findIndex((w) => w.wants());
      if (i < 0) break;
      const [wanter] = wanters.splice(i, 1);
      wanters.push(wanter!);
      this.busy++;
      wanter!.take();
    }
  }

  /** Runs one step (shared with the distributed step-job handler), then schedules what it unblocks (at once when the step had nothing to wait for). */
  private runStep(i: number): void {
    const ran = executeStep(this, this.steps[i]!, this.stepsController.signal, this);
    if (isThenable(ran)) this.finishLater(i, ran);
    else this.finishStep(i, ran.end);
  }

  /** (A method of its own: `runStep` allocates no context per step.) */
  private finishLater(i: number, ran: Promise<StepExecution>): void {
    void ran.then((execution) => this.finishStep(i, execution.end));
  }

  private finishStep(i: number, end: StepEnd): void {
    const { schedule } = this;
    if (!schedule.isRunning(i)) return; // abandoned after the cancel grace period
    schedule.end(i);
    if (this.slotFreed[i] === 1) {
      this.slotFreed[i] = 0;
      this.unstored--;
    } else this.busy--;
    const key = this.steps[i]!.key;
    const blocked = this.blockedBy.size > 0 ? this.blockedBy.get(key) : undefined;
    if (end === 'success' && blocked !== undefined) {
      this.skipDependents(i, blocked);
    } else if (end === 'success') {
      schedule.unblockDependents(i);
    } else {
      this.failedSteps.push(key);
      this.skipDependents(i, end === 'canceled' ? 'run canceled' : `upstream step ${key} failed`);
    }
    if (this.canceling && schedule.runningCount === 0) this.resolveDone();
    this.pump();
  }
}

/**
 * Steps of a run whose function is done but whose closing events are not stored yet, at most (see
 * `freeSlotBeforeStored`): bounds a write batch and how long synchronous steps hold the event loop.
 */
const UNSTORED_STEPS = 64;
/** How long steps ending synchronously inside one `pump` may keep starting the next ones (see `freeSlotBeforeStored`). */
const SYNC_TURN_MS = 20;

/** The run's heartbeat timer (`setInterval`'s argument: no closure per run). */
function heartbeatTick(run: RunExecution): void {
  run.beat().catch(() => {
    // a missed heartbeat is retried on the next tick
  });
}

/** The cancel's grace timer. */
function graceEnded(run: RunExecution): void {
  run.abandonRunning();
}
