import { isTerminalRunStatus, isTerminalStepStatus, type BatonEvent, type BatonStorage, type RunTransitions, type StepJob, type TransactionalEnqueue } from '@baton/core';
import type { RunPlan } from '@baton/planner';
import { executeStep } from '../execute/execute-step';
import { partitionProvenance } from '../execute/partition-provenance';
import { readRunPlan } from '../execute/read-run-plan';
import type { AssetLookup } from '../execute/runner-definitions';
import type { StepExecutor } from '../execute/step-request';
import { sleep } from '../internal/owner-id';
import { CallBudget } from './call-budget';
import { decideStepEnd, stepEndScope } from './decide-transitions';
import { RunTransitionBatcher } from './run-transition-batcher';
import type { StepEventBuffer } from './step-event-buffer';

/** What one step job did. */
export type StepJobResult =
  | { readonly kind: 'dropped'; readonly reason: string }
  | { readonly kind: 'ended'; readonly end: 'success' | 'failure' | 'canceled' | 'skipped'; readonly recorded: boolean; readonly runEnded: boolean };

export interface StepJobHandlerOptions {
  readonly storage: BatonStorage & RunTransitions;
  readonly assets: AssetLookup;
  readonly executor: StepExecutor;
  /** Where the jobs of the steps a step unblocks go, in its closing transaction. */
  readonly queue: TransactionalEnqueue;
  /** Where events of running steps wait to be written in batches (shared by the worker's jobs). */
  readonly buffer: StepEventBuffer;
  /** Raw run config by asset key. */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly random?: () => number;
  /** After a cancel, how long a running step gets to stop. Default 5,000 ms. */
  readonly cancelGraceMs?: number;
  /**
   * Asset function calls this worker makes at once (its job concurrency): a step over several
   * partitions of a non-ranged asset runs its partitions in the calls other jobs leave free. Default 1.
   */
  readonly concurrency?: number;
}

export interface StepJobHandler {
  /** Executes one step job; rejects only when the job must be retried (storage failure, worker shutdown). */
  /**
   * `delivery`: how many times the queue has handed this job out (1 the first time). On
   * the first delivery the step cannot have started before (job keys keep one job per step), so the
   * step records are not read.
   */
  handle(job: StepJob, workerSignal: AbortSignal, delivery?: number): Promise<StepJobResult>;
  /** Runs with a step executing here (to heartbeat, and to check for cancels). */
  activeRuns(): string[];
  /** Aborts the running steps of these runs (their run is being canceled). */
  cancelRuns(runIds: readonly string[]): void;
}

class WorkerShutdown extends Error {}

/**
 * Executes the steps of distributed runs, one job at a time: reads the run (a job for a run or step
 * that already ended is dropped, so duplicate deliveries are harmless), runs the step through
 * `executeStep` (the same step execution as `executeRun`: retries, timeout, pools, one call per
 * partition of a non-ranged asset, provenance), then records the step's closing events,
 * the jobs of the steps it unblocks and possibly the run's end in one `transitionRun`.
 *
 * @example
 * const handler = createStepJobHandler({ storage, assets, executor, queue, buffer });
 * await handler.handle({ runId, stepKey: 'a' }, AbortSignal.timeout(60_000));
 */
export function createStepJobHandler(options: StepJobHandlerOptions): StepJobHandler {
  const { storage, assets, executor, queue } = options;
  const transitions = new RunTransitionBatcher(storage.transitionRun.bind(storage), queue);
  const plans = new Map<string, RunPlan>();
  const running = new Map<string, Set<AbortController>>();
  const now = () => Date.now();
  const budget = new CallBudget(options.concurrency ?? 1);

  const planOf = (runId: string, value: unknown): RunPlan => {
    let plan = plans.get(runId);
    if (!plan) {
      plan = readRunPlan(value, runId);
      if (plans.size > 1_000) plans.delete(plans.keys().next().value!);
      plans.set(runId, plan);
    }
    return plan;
  };

  const record = async (plan: RunPlan, runId: string, stepKey: string, end: 'success' | 'failure' | 'canceled' | 'skipped', events: BatonEvent[], blocked?: string): Promise<StepJobResult> => {
    // a success reads the steps it may unblock (and the run's counts); other ends read every step
    const scope = end === 'success' && blocked === undefined ? stepEndScope(plan, stepKey) : undefined;
    const decided = await transitions.submit(runId, (run, steps, view) => decideStepEnd({ plan, run, steps, view, stepKey, end, events, ...(blocked !== undefined ? { blocked } : {}), now: now() }), scope);
    const ended = decided.events.some((e) => e.type === 'RUN_SUCCESS' || e.type === 'RUN_FAILURE' || e.type === 'RUN_CANCELED');
    if (ended) {
      plans.delete(runId);
      await storage.releasePoolSlotsOfRuns([runId]).catch(() => 0);
      await executor.endRun(runId).catch(() => {});
    }
    return { kind: 'ended', end, recorded: decided.events.length > 0, runEnded: ended };
  };

  const handle = async ({ runId, stepKey }: StepJob, workerSignal: AbortSignal, delivery = 2): Promise<StepJobResult> => {
    const cached = plans.get(runId); // then the run's status is all we read (its plan can be tens of KB)
    const run = await storage.getRun(runId, cached ? { withPlan: false } : undefined);
    if (!run) return { kind: 'dropped', reason: `run ${runId} does not exist` };
    if (isTerminalRunStatus(run.status)) return { kind: 'dropped', reason: `run ${runId} already ended (${run.status})` };
    const plan = cached ?? planOf(runId, run.plan);
    const step = plan.steps.find((s) => s.key === stepKey);
    if (!step) return { kind: 'dropped', reason: `step ${stepKey} is not in the plan of run ${runId}` };
    const stored = delivery > 1 ? (await storage.listSteps(runId)).find((s) => s.stepKey === stepKey) : undefined;
    if (stored && isTerminalStepStatus(stored.status)) return { kind: 'dropped', reason: `step ${stepKey} of run ${runId} already ended (${stored.status})` };
    if (run.status === 'canceling') {
      return record(plan, runId, stepKey, 'skipped', [{ type: 'STEP_SKIPPED', runId, stepKey, reason: 'run canceled', timestamp: now() }]);
    }

    const controller = new AbortController();
    let set = running.get(runId);
    if (!set) running.set(runId, (set = new Set()));
    set.add(controller);
    const onShutdown = () => controller.abort(new WorkerShutdown('the worker is shutting down'));
    workerSignal.addEventListener('abort', onShutdown, { once: true });
    budget.enter();
    try {
      const env = {
        runId,
        storage,
        assets,
        executor,
        config: options.config ?? {},
        events: { emit: (e: BatonEvent) => options.buffer.push(e), flush: () => options.buffer.flush() },
        provenanceOf: partitionProvenance(storage, assets),
        sleep,
        slots: budget,
        ...(options.random ? { random: options.random } : {}),
      };
      const { end, events, blocked } = await executeStep(env, step, controller.signal, { previousAttempt: stored?.attempt ?? 0 });
      if (controller.signal.reason instanceof WorkerShutdown) throw controller.signal.reason; // the job is retried elsewhere
      // the step's events not yet written (STEP_STARTED, logs) go into its closing transaction
      const earlier = await options.buffer.take(runId, stepKey);
      return await record(plan, runId, stepKey, end, [...earlier, ...events], blocked);
    } finally {
      budget.leave();
      workerSignal.removeEventListener('abort', onShutdown);
      set.delete(controller);
      if (set.size === 0) running.delete(runId);
    }
  };

  return {
    handle,
    activeRuns: () => [...running.keys()],
    cancelRuns(runIds) {
      for (const runId of runIds) for (const c of running.get(runId) ?? []) c.abort(new Error(`run ${runId} was canceled`));
    },
  };
}
