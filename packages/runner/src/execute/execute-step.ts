import { BatonError, isBlockingFailure, type AssetDefinition, type BatonEvent, type BatonStorage, type LogLevel, type ProvenanceEntry, type RetryPolicy } from '@baton/core';
import type { StepPlan } from '@baton/planner';
import { uniqueDataVersion } from '../io-managers/content-hash';
import { blockingCheckReason } from './attempt-checks';
import type { PartitionProvenance } from './partition-provenance';
import type { RunMaterializations } from './run-materializations';
import { claimPoolSlotWhenFree, notifyPoolSlotReleased } from './pool-slots';
import { knownInputs } from './known-inputs';
import { resolveStepInputs } from './resolve-inputs';
import { inputsUnchanged } from './unchanged-inputs';
import { retryDelayMs } from './retry-delay';
import { stepDefinitions, type AssetLookup } from './runner-definitions';
import { isSelfDependent, runsPerPartition } from './step-shape';
import type { StepAttemptOutcome, StepExecutor, StepHooks, StepOutput, StepRequest } from './step-request';

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
 * @example
 * const { end, events } = await executeStep(
 *   { runId, storage, assets, executor, config: {}, events: sink, provenanceOf: partitionProvenance(storage, assets), sleep },
 *   step,
 *   controller.signal,
 * );
 */
export async function executeStep(env: StepEnvironment, step: StepPlan, signal: AbortSignal, options: ExecuteStepOptions = {}): Promise<StepExecution> {
  const { runId, storage, assets } = env;
  const now = env.now ?? Date.now;
  const base = options.previousAttempt ?? 0;
  let held: string[] | undefined;
  let attempt = base;
  try {
    const defs = stepDefinitions(assets, step.assetKeys, step.key);
    const primary = defs[0]!;
    const pools = defs.length === 1 ? (primary.pool ? [primary.pool] : NO_POOLS) : [...new Set(defs.map((d) => d.pool).filter((p): p is string => !!p))];
    for (const pool of pools) {
      env.onPoolClaimed?.();
      await claimPoolSlotWhenFree(storage, pool, runId, step.key, signal);
      (held ??= []).push(pool);
    }
    if (runsPerPartition(step, defs)) {
      attempt = base + 1;
      return await settled(options, step, await runPartitions(env, step, defs, signal, base));
    }
    const policy: RetryPolicy | undefined = primary.retry;
    for (let tries = 1; ; tries++) {
      attempt = base + tries;
      const startedAt = now();
      env.events.emit({ type: 'STEP_STARTED', runId, stepKey: step.key, assetKeys: step.assetKeys, partitionKeys: step.partitionKeys, attempt, timestamp: startedAt });
      let outcome: StepAttemptOutcome;
      let provenance: ProvenanceEntry[] = [];
      try {
        // inputs the run already knows need no storage read and no promise
        const resolved = (env.known && knownInputs(assets, step.assetKeys, env.known)) || (await resolveStepInputs(storage, assets, step.assetKeys, step.partitionKeys, undefined, env.known ? { known: env.known } : {}));
        provenance = resolved.provenance;
        if (tries === 1 && step.skipIfInputsUnchanged && (await inputsUnchanged(env, step.assetKeys, step.partitionKeys, provenance))) {
          env.events.emit(skippedLog(env, step, null, now()));
          return await settled(options, step, { end: 'success', events: [{ type: 'STEP_SUCCESS', runId, stepKey: step.key, durationMs: now() - startedAt, timestamp: now() }] });
        }
        outcome = await attemptStep(env, step, step.partitionKeys, attempt, resolved.specs, primary.timeoutMs, signal);
      } catch (error) {
        outcome = { ok: false, error: (error as Error).message, retryable: false };
      }
      if (signal.aborted) return await settled(options, step, stepFailure(runId, step.key, now(), `canceled: ${(signal.reason as Error)?.message ?? 'run canceled'}`, attempt, 'canceled'));
      if (outcome.ok) {
        const ts = now();
        const { events, blocked } = materializationEvents(env, step, defs, outcome.outputs, provenance, ts, step.partitionKeys.length > 1 ? await provenanceByOutput(env, outcome.outputs, provenance) : undefined);
        if (outcome.failedPartitions) {
          events.push({ type: 'STEP_FAILURE', runId, stepKey: step.key, error: outcome.failedPartitions.error, partitionKeys: outcome.failedPartitions.keys, attempt, willRetry: false, timestamp: ts });
          return await settled(options, step, blocked !== undefined ? { end: 'failure', events, blocked } : { end: 'failure', events });
        }
        events.push({ type: 'STEP_SUCCESS', runId, stepKey: step.key, durationMs: ts - startedAt, timestamp: ts });
        return await settled(options, step, blocked !== undefined ? { end: 'success', events, blocked } : { end: 'success', events });
      }
      const willRetry = outcome.retryable && policy !== undefined && tries < policy.maxAttempts;
      if (!willRetry) return await settled(options, step, stepFailure(runId, step.key, now(), outcome.error, attempt));
      env.events.emit({ type: 'STEP_FAILURE', runId, stepKey: step.key, error: outcome.error, attempt, willRetry: true, timestamp: now() });
      const delay = retryDelayMs(policy, tries, env.random);
      env.events.emit({ type: 'LOG', runId, stepKey: step.key, level: 'info', message: `retrying step ${step.key} in ${delay} ms (attempt ${tries + 1} of ${policy.maxAttempts})`, timestamp: now() });
      try {
        await env.sleep(delay, signal);
      } catch {
        return await settled(options, step, stepFailure(runId, step.key, now(), 'canceled while waiting to retry', attempt, 'canceled'));
      }
    }
  } catch (error) {
    const ended = !(error instanceof BatonError) && signal.aborted ? stepFailure(runId, step.key, now(), 'canceled while waiting for a pool slot', attempt, 'canceled') : stepFailure(runId, step.key, now(), (error as Error).message, attempt);
    await settling(options, step, ended)?.catch(() => {});
    return ended;
  } finally {
    if (held !== undefined) {
      await Promise.all(held.map((pool) => storage.releasePoolSlot(pool, runId, step.key).catch(() => {})));
      notifyPoolSlotReleased();
    }
  }
}

/** Records a step's closing events through `options.settle` (when given) and returns them: a promise only while something is being stored. */
function settled(options: ExecuteStepOptions, step: StepPlan, execution: StepExecution): StepExecution | Promise<StepExecution> {
  const storing = settling(options, step, execution);
  return storing === undefined ? execution : storing.then(() => execution);
}

/** `options.settle` of a step, a throw turned into a rejection; undefined when there is nothing to wait for. */
function settling(options: ExecuteStepOptions, step: StepPlan, execution: StepExecution): Promise<void> | undefined {
  if (!options.settle) return undefined;
  try {
    return options.settle(execution, step) ?? undefined;
  } catch (error) {
    return Promise.reject(error);
  }
}

const NO_POOLS: readonly string[] = [];

/** A step's end without retry: one STEP_FAILURE. */
function stepFailure(runId: string, stepKey: string, timestamp: number, error: string, attempt: number, end: StepEnd = 'failure'): StepExecution {
  return { end, events: [{ type: 'STEP_FAILURE', runId, stepKey, error, attempt: Math.max(1, attempt), willRetry: false, timestamp }] };
}

/**
 * The materializations of one attempt's outputs, each followed by its check results: every output
 * records everything the step read (`provenance`), or `used[i]` when given. `blocked`: the first
 * failed blocking check.
 */
function materializationEvents(
  env: StepEnvironment,
  step: StepPlan,
  defs: readonly AssetDefinition[],
  outputs: readonly StepOutput[],
  provenance: ProvenanceEntry[],
  ts: number,
  used?: readonly ProvenanceEntry[][],
): { events: BatonEvent[]; blocked: string | undefined } {
  const events: BatonEvent[] = [];
  let blocked: string | undefined;
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i]!;
    const def = defs.length === 1 ? defs[0]! : (defs.find((d) => d.key === out.assetKey) ?? defs[0]!);
    events.push({
      type: 'MATERIALIZATION',
      runId: env.runId,
      stepKey: step.key,
      assetKey: out.assetKey,
      partitionKey: out.partitionKey,
      // reported, else the stored content's hash, else (no value) a new version each time
      dataVersion: out.reportedDataVersion ?? out.contentDataVersion ?? uniqueDataVersion(),
      codeVersion: def.codeVersion,
      metadata: out.metadata,
      // the step's own list when one output records it (built for this attempt, never changed after)
      provenance: used ? used[i]! : outputs.length === 1 ? provenance : [...provenance],
      timestamp: ts,
    });
    if (out.checks === undefined) continue;
    for (const c of out.checks) {
      events.push({ type: 'CHECK_RESULT', runId: env.runId, stepKey: step.key, assetKey: c.assetKey, partitionKey: c.partitionKey, checkName: c.checkName, passed: c.passed, severity: c.severity, blocking: c.blocking, metadata: c.metadata, timestamp: ts });
      if (blocked === undefined && isBlockingFailure(c)) blocked = blockingCheckReason(c);
    }
  }
  return { events, blocked };
}

/**
 * What each output of a step over several partitions records for `materializationEvents`: only the
 * upstream partitions its own partition reads (`env.provenanceOf`).
 */
async function provenanceByOutput(env: StepEnvironment, outputs: readonly StepOutput[], provenance: readonly ProvenanceEntry[]): Promise<ProvenanceEntry[][]> {
  const used: ProvenanceEntry[][] = [];
  for (const out of outputs) used.push(out.partitionKey === null ? [...provenance] : await env.provenanceOf(out.assetKey, out.partitionKey, provenance));
  return used;
}

/**
 * Runs a step over several partitions of an asset that is not ranged: one function call per
 * partition (inputs resolved for that partition alone), each with its own retries and timeout.
 * Partitions run concurrently, taking free slots from `env.slots`, except for a self-dependent asset:
 * in key order, each after the previous succeeded (stored first, since the next one reads it).
 * One STEP_STARTED; each partition's MATERIALIZATION as it is done; at the end STEP_SUCCESS, or
 * one STEP_FAILURE naming the partitions that did not succeed (failed, or never run after one failed).
 */
async function runPartitions(env: StepEnvironment, step: StepPlan, defs: readonly AssetDefinition[], signal: AbortSignal, base: number): Promise<StepExecution> {
  const { runId } = env;
  const now = env.now ?? Date.now;
  const primary = defs[0]!;
  const policy = primary.retry;
  const sequential = defs.some(isSelfDependent);
  const startedAt = now();
  env.events.emit({ type: 'STEP_STARTED', runId, stepKey: step.key, assetKeys: step.assetKeys, partitionKeys: step.partitionKeys, attempt: base + 1, timestamp: startedAt });
  const queue = [...step.partitionKeys];
  const succeeded = new Set<string>();
  const errors = new Map<string, string>();
  let lastAttempt = 1;
  let stopped = false;
  let blocked: string | undefined;

  const runPartition = async (partitionKey: string): Promise<boolean> => {
    for (let attempt = 1; ; attempt++) {
      lastAttempt = Math.max(lastAttempt, attempt);
      let outcome: StepAttemptOutcome;
      let provenance: ProvenanceEntry[] = [];
      try {
        const resolved = await resolveStepInputs(env.storage, env.assets, step.assetKeys, [partitionKey], undefined, env.known ? { known: env.known } : {});
        provenance = resolved.provenance;
        if (attempt === 1 && step.skipIfInputsUnchanged && (await inputsUnchanged(env, step.assetKeys, [partitionKey], provenance))) {
          env.events.emit(skippedLog(env, step, partitionKey, now()));
          succeeded.add(partitionKey);
          return true;
        }
        outcome = await attemptStep(env, step, [partitionKey], base + attempt, resolved.specs, primary.timeoutMs, signal);
      } catch (error) {
        outcome = { ok: false, error: (error as Error).message, retryable: false };
      }
      if (signal.aborted) return false;
      if (outcome.ok) {
        const recorded = materializationEvents(env, step, defs, outcome.outputs, provenance, now(), await provenanceByOutput(env, outcome.outputs, provenance));
        for (const e of recorded.events) env.events.emit(e);
        blocked ??= recorded.blocked;
        if (outcome.failedPartitions) {
          errors.set(partitionKey, outcome.failedPartitions.error);
          return false;
        }
        succeeded.add(partitionKey);
        if (sequential) await env.events.flush(); // the next partition reads this one from storage
        return true;
      }
      const willRetry = outcome.retryable && policy !== undefined && attempt < policy.maxAttempts;
      if (!willRetry) {
        errors.set(partitionKey, outcome.error);
        env.events.emit({ type: 'LOG', runId, stepKey: step.key, level: 'error', message: `partition ${partitionKey} of step ${step.key} failed (attempt ${base + attempt}): ${outcome.error.split('\n')[0]}`, fields: { partitionKey, attempt: base + attempt }, timestamp: now() });
        return false;
      }
      const delay = retryDelayMs(policy, attempt, env.random);
      env.events.emit({ type: 'LOG', runId, stepKey: step.key, level: 'info', message: `retrying partition ${partitionKey} of step ${step.key} in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts}): ${outcome.error.split('\n')[0]}`, fields: { partitionKey, attempt: base + attempt }, timestamp: now() });
      try {
        await env.sleep(delay, signal);
      } catch {
        return false;
      }
    }
  };
  const work = async () => {
    while (!stopped && !signal.aborted) {
      const partitionKey = queue.shift();
      if (partitionKey === undefined) return;
      if (!(await runPartition(partitionKey)) && sequential) stopped = true;
    }
  };
  const extra = new Set<Promise<void>>();
  const slots = env.slots;
  const withdraw =
    !sequential && slots
      ? slots.offer({
          wants: () => !stopped && !signal.aborted && queue.length > 0,
          take: () => {
            const p: Promise<void> = work()
              .catch(() => {})
              .finally(() => {
                extra.delete(p);
                slots.release();
              });
            extra.add(p);
          },
        })
      : undefined;
  try {
    await work();
    while (extra.size > 0) await Promise.all([...extra]);
  } finally {
    withdraw?.();
  }

  const block = blocked !== undefined ? { blocked } : {};
  const notDone = step.partitionKeys.filter((k) => !succeeded.has(k));
  const partitionKeys = notDone.length < step.partitionKeys.length ? { partitionKeys: notDone } : {};
  if (signal.aborted) {
    return {
      ...block,
      end: 'canceled',
      events: [{ type: 'STEP_FAILURE', runId, stepKey: step.key, error: `canceled: ${(signal.reason as Error)?.message ?? 'run canceled'}`, ...partitionKeys, attempt: base + lastAttempt, willRetry: false, timestamp: now() }],
    };
  }
  const ts = now();
  if (notDone.length === 0) return { ...block, end: 'success', events: [{ type: 'STEP_SUCCESS', runId, stepKey: step.key, durationMs: ts - startedAt, timestamp: ts }] };
  const notRun = notDone.filter((k) => !errors.has(k));
  const [firstKey, firstError] = [...errors][0] ?? ['', ''];
  const summary =
    `${errors.size} of ${step.partitionKeys.length} partition(s) of step ${step.key} failed: ${[...errors.keys()].slice(0, 5).join(', ')}${errors.size > 5 ? ', …' : ''}` +
    (notRun.length > 0 ? `; ${notRun.length} not run after it (each reads the partition before it)` : '');
  return {
    ...block,
    end: 'failure',
    events: [{ type: 'STEP_FAILURE', runId, stepKey: step.key, error: `${summary}\nPartition ${firstKey}: ${firstError}`, ...partitionKeys, attempt: base + lastAttempt, willRetry: false, timestamp: ts }],
  };
}

/** The LOG saying a step (or one partition of it) was skipped because its inputs did not change. */
function skippedLog(env: StepEnvironment, step: StepPlan, partitionKey: string | null, timestamp: number): BatonEvent {
  const what = partitionKey === null ? `step ${step.key}` : `partition ${partitionKey} of step ${step.key}`;
  return {
    type: 'LOG', runId: env.runId, stepKey: step.key, level: 'info', timestamp,
    message: `${what} skipped: its code version and the data versions of its inputs are unchanged since its last materialization (the upstreams rebuilt before it kept their data versions)`,
    fields: { skipped: true, ...(partitionKey === null ? {} : { partitionKey }) },
  };
}

/**
 * One attempt through the executor, aborted by the step's signal or after `timeoutMs` (a retryable
 * failure). Without a timeout the attempt gets the step's own signal: no controller, listener, timer
 * or extra promise per attempt.
 */
function attemptStep(
  env: StepEnvironment,
  step: StepPlan,
  partitionKeys: readonly string[],
  attempt: number,
  inputs: StepRequest['inputs'],
  timeoutMs: number | undefined,
  stepSignal: AbortSignal,
): Promise<StepAttemptOutcome> {
  const request: StepRequest = { runId: env.runId, stepKey: step.key, assetKeys: step.assetKeys, partitionKeys, attempt, inputs, config: env.config };
  if (timeoutMs === undefined) return env.executor.execute(request, attemptHooks(env, step.key, stepSignal));
  return attemptWithTimeout(env, step.key, request, timeoutMs, stepSignal);
}

/** `attemptStep` with a timeout: the attempt's own controller, aborted by the step's signal or the timer. */
async function attemptWithTimeout(env: StepEnvironment, stepKey: string, request: StepRequest, timeoutMs: number, stepSignal: AbortSignal): Promise<StepAttemptOutcome> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(stepSignal.reason);
  stepSignal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`step ${stepKey} timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  try {
    const outcome = await env.executor.execute(request, attemptHooks(env, stepKey, controller.signal));
    if (timedOut && !outcome.ok) return { ok: false, error: `step ${stepKey} timed out after ${timeoutMs} ms`, retryable: true };
    return outcome;
  } finally {
    clearTimeout(timer);
    stepSignal.removeEventListener('abort', onAbort);
  }
}

/** The hooks of one attempt: its signal, and its log calls as LOG events of the step. */
function attemptHooks(env: StepEnvironment, stepKey: string, signal: AbortSignal): StepHooks {
  return {
    signal,
    // a method, not an arrow: no function named at run time per attempt
    log(level: LogLevel, message: string, fields?: Record<string, unknown>) {
      env.events.emit({ type: 'LOG', runId: env.runId, stepKey, level, message, ...(fields ? { fields } : {}), timestamp: (env.now ?? Date.now)() });
    },
  };
}
