import type { BatonEvent, BatonStorage, LogLevel, ProvenanceEntry, RetryPolicy } from '@baton/core';
import { deriveDataVersion, type RunPlan, type StepPlan } from '@baton/planner';
import { claimPoolSlotWhenFree, notifyPoolSlotReleased } from '../execute/pool-slots';
import { readRunPlan } from '../execute/read-run-plan';
import { resolveStepInputs } from '../execute/resolve-inputs';
import { retryDelayMs } from '../execute/retry-delay';
import type { AssetLookup } from '../execute/runner-definitions';
import type { StepAttemptOutcome, StepExecutor, StepRequest } from '../execute/step-request';
import { sleep } from '../internal/owner-id';
import { decideStepEnd, runEnded, stepEnded } from './decide-transitions';
import type { StepJobPayload } from './job-queue';
import type { StepEventBuffer } from './step-event-buffer';

/** What one step job did. */
export type StepJobResult =
  | { readonly kind: 'dropped'; readonly reason: string }
  | { readonly kind: 'ended'; readonly end: 'success' | 'failure' | 'canceled' | 'skipped'; readonly recorded: boolean; readonly runEnded: boolean };

export interface StepJobHandlerOptions {
  readonly storage: BatonStorage;
  readonly assets: AssetLookup;
  readonly executor: StepExecutor;
  readonly jobSchema: string;
  /** Where events of running steps wait to be written in batches (shared by the worker's jobs). */
  readonly buffer: StepEventBuffer;
  /** Raw run config by asset key. */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly random?: () => number;
  /** After a cancel, how long a running step gets to stop. Default 5,000 ms. */
  readonly cancelGraceMs?: number;
}

export interface StepJobHandler {
  /** Executes one step job; rejects only when the job must be retried (storage failure, worker shutdown). */
  /**
   * `delivery`: how many times the queue has handed this job out (graphile-worker's `attempts`). On
   * the first delivery the step cannot have started before (job keys keep one job per step), so the
   * step records are not read.
   */
  handle(payload: StepJobPayload, workerSignal: AbortSignal, delivery?: number): Promise<StepJobResult>;
  /** Runs with a step executing here (to heartbeat, and to check for cancels). */
  activeRuns(): string[];
  /** Aborts the running steps of these runs (their run is being canceled). */
  cancelRuns(runIds: readonly string[]): void;
}

class WorkerShutdown extends Error {}

/**
 * Executes the steps of distributed runs, one job at a time: reads the run (a job for a run or step
 * that already ended is dropped, so duplicate deliveries are harmless), runs the attempts through
 * the executor with the asset's retries, timeout and pools, then records the step's closing events,
 * the jobs of the steps it unblocks and possibly the run's end in one `transitionRun`.
 *
 * @example
 * const handler = createStepJobHandler({ storage, assets, executor, jobSchema: 'graphile_worker' });
 * await handler.handle({ runId, stepKey: 'a' }, AbortSignal.timeout(60_000));
 */
export function createStepJobHandler(options: StepJobHandlerOptions): StepJobHandler {
  const { storage, assets, executor, jobSchema } = options;
  const transition = storage.transitionRun!.bind(storage);
  const plans = new Map<string, RunPlan>();
  const running = new Map<string, Set<AbortController>>();
  const now = () => Date.now();

  const planOf = (runId: string, value: unknown): RunPlan => {
    let plan = plans.get(runId);
    if (!plan) {
      plan = readRunPlan(value, runId);
      if (plans.size > 1_000) plans.delete(plans.keys().next().value!);
      plans.set(runId, plan);
    }
    return plan;
  };

  const record = async (plan: RunPlan, runId: string, stepKey: string, end: 'success' | 'failure' | 'canceled' | 'skipped', events: BatonEvent[]): Promise<StepJobResult> => {
    const decided = await transition(runId, (run, steps) => decideStepEnd({ plan, run, steps, stepKey, end, events, now: now() }), { jobSchema });
    const ended = decided.events.some((e) => e.type === 'RUN_SUCCESS' || e.type === 'RUN_FAILURE' || e.type === 'RUN_CANCELED');
    if (ended) {
      plans.delete(runId);
      await storage.releasePoolSlotsOfRuns([runId]).catch(() => 0);
      await executor.endRun(runId).catch(() => {});
    }
    return { kind: 'ended', end, recorded: decided.events.length > 0, runEnded: ended };
  };

  const handle = async ({ runId, stepKey }: StepJobPayload, workerSignal: AbortSignal, delivery = 2): Promise<StepJobResult> => {
    const run = await storage.getRun(runId);
    if (!run) return { kind: 'dropped', reason: `run ${runId} does not exist` };
    if (runEnded(run.status)) return { kind: 'dropped', reason: `run ${runId} already ended (${run.status})` };
    const plan = planOf(runId, run.plan);
    const step = plan.steps.find((s) => s.key === stepKey);
    if (!step) return { kind: 'dropped', reason: `step ${stepKey} is not in the plan of run ${runId}` };
    const stored = delivery > 1 ? (await storage.listSteps(runId)).find((s) => s.stepKey === stepKey) : undefined;
    if (stored && stepEnded(stored.status)) return { kind: 'dropped', reason: `step ${stepKey} of run ${runId} already ended (${stored.status})` };
    if (run.status === 'canceling') {
      return record(plan, runId, stepKey, 'skipped', [{ type: 'STEP_SKIPPED', runId, stepKey, reason: 'run canceled', timestamp: now() }]);
    }

    const controller = new AbortController();
    let set = running.get(runId);
    if (!set) running.set(runId, (set = new Set()));
    set.add(controller);
    const onShutdown = () => controller.abort(new WorkerShutdown('the worker is shutting down'));
    workerSignal.addEventListener('abort', onShutdown, { once: true });
    try {
      const { end, events } = await executeStep(runId, step, stored?.attempt ?? 0, controller.signal, options.buffer);
      if (controller.signal.reason instanceof WorkerShutdown) throw controller.signal.reason; // the job is retried elsewhere
      // the step's events not yet written (STEP_STARTED, logs) go into its closing transaction
      const earlier = await options.buffer.take(runId, stepKey);
      return await record(plan, runId, stepKey, end, [...earlier, ...events]);
    } finally {
      workerSignal.removeEventListener('abort', onShutdown);
      set.delete(controller);
      if (set.size === 0) running.delete(runId);
    }
  };

  /** Runs the attempts of one step; returns its closing events (not yet stored). */
  const executeStep = async (
    runId: string,
    step: StepPlan,
    previousAttempt: number,
    signal: AbortSignal,
    sink: StepEventBuffer,
  ): Promise<{ end: 'success' | 'failure' | 'canceled'; events: BatonEvent[] }> => {
    const id = { runId, stepKey: step.key };
    const fail = (error: string, attempt: number, end: 'failure' | 'canceled' = 'failure') => ({
      end,
      events: [{ type: 'STEP_FAILURE', ...id, error, attempt: Math.max(1, attempt), willRetry: false, timestamp: now() } as BatonEvent],
    });
    const held: string[] = [];
    let attempt = previousAttempt;
    try {
      const defs = step.assetKeys.map((k) => assets.get(k, `step ${step.key}`));
      const primary = defs[0]!;
      for (const pool of [...new Set(defs.map((d) => d.pool).filter((p): p is string => !!p))]) {
        await claimPoolSlotWhenFree(storage, pool, id.runId, step.key, signal);
        held.push(pool);
      }
      const policy: RetryPolicy | undefined = primary.retry;
      for (let tries = 1; ; tries++) {
        attempt++;
        const startedAt = now();
        sink.push({ type: 'STEP_STARTED', ...id, assetKeys: step.assetKeys, partitionKeys: step.partitionKeys, attempt, timestamp: startedAt });
        let outcome: StepAttemptOutcome;
        let provenance: ProvenanceEntry[] = [];
        try {
          const resolved = await resolveStepInputs(storage, assets, step.assetKeys, step.partitionKeys);
          provenance = resolved.provenance;
          outcome = await attemptWithTimeout(
            { ...id, assetKeys: step.assetKeys, partitionKeys: step.partitionKeys, attempt, inputs: resolved.specs, config: options.config ?? {} },
            primary.timeoutMs,
            signal,
            sink,
          );
        } catch (error) {
          outcome = { ok: false, error: (error as Error).message, retryable: false };
        }
        if (signal.aborted) return fail(`canceled: ${(signal.reason as Error)?.message ?? 'run canceled'}`, attempt, 'canceled');
        if (outcome.ok) {
          const ts = now();
          const events: BatonEvent[] = [];
          for (const out of outcome.outputs) {
            const def = defs.find((d) => d.key === out.assetKey) ?? primary;
            const used =
              out.partitionKey === null || step.partitionKeys.length <= 1
                ? provenance
                : provenance.filter((p) => p.partitionKey === null || assets.byKey.get(p.assetKey)?.partitions?.id !== def.partitions?.id || p.partitionKey === out.partitionKey);
            events.push({
              type: 'MATERIALIZATION',
              ...id,
              assetKey: out.assetKey,
              partitionKey: out.partitionKey,
              dataVersion: out.reportedDataVersion ?? deriveDataVersion(def.codeVersion, used),
              codeVersion: def.codeVersion,
              metadata: out.metadata,
              provenance: used,
              timestamp: ts,
            });
          }
          if (outcome.failedPartitions) {
            events.push({ type: 'STEP_FAILURE', ...id, error: outcome.failedPartitions.error, partitionKeys: outcome.failedPartitions.keys, attempt, willRetry: false, timestamp: ts });
            return { end: 'failure', events };
          }
          events.push({ type: 'STEP_SUCCESS', ...id, durationMs: ts - startedAt, timestamp: ts });
          return { end: 'success', events };
        }
        const willRetry = outcome.retryable && policy !== undefined && tries < policy.maxAttempts;
        if (!willRetry) return fail(outcome.error, attempt);
        sink.push({ type: 'STEP_FAILURE', ...id, error: outcome.error, attempt, willRetry: true, timestamp: now() });
        const delay = retryDelayMs(policy, tries, options.random);
        sink.push({ type: 'LOG', ...id, level: 'info', message: `retrying step ${step.key} in ${delay} ms (attempt ${tries + 1} of ${policy.maxAttempts})`, timestamp: now() });
        try {
          await sleep(delay, signal);
        } catch {
          return fail('canceled while waiting to retry', attempt, 'canceled');
        }
      }
    } catch (error) {
      if (signal.aborted) return fail('canceled while waiting for a pool slot', attempt, 'canceled');
      return fail((error as Error).message, attempt);
    } finally {
      if (held.length > 0) {
        await Promise.all(held.map((pool) => storage.releasePoolSlot(pool, id.runId, step.key).catch(() => {})));
        notifyPoolSlotReleased();
      }
    }
  };

  const attemptWithTimeout = async (request: StepRequest, timeoutMs: number | undefined, stepSignal: AbortSignal, sink: StepEventBuffer): Promise<StepAttemptOutcome> => {
    const controller = new AbortController();
    const onAbort = () => controller.abort(stepSignal.reason);
    stepSignal.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error(`step ${request.stepKey} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    }
    try {
      const outcome = await executor.execute(request, {
        signal: controller.signal,
        log: (level: LogLevel, message: string, fields?: Record<string, unknown>) =>
          sink.push({ type: 'LOG', runId: request.runId, stepKey: request.stepKey, level, message, ...(fields ? { fields } : {}), timestamp: now() }),
      });
      if (timedOut && !outcome.ok) return { ok: false, error: `step ${request.stepKey} timed out after ${timeoutMs} ms`, retryable: true };
      return outcome;
    } finally {
      clearTimeout(timer);
      stepSignal.removeEventListener('abort', onAbort);
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
