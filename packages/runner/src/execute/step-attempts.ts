import { BatonError, type AssetDefinition, type BatonEvent, type ProvenanceEntry, type RetryPolicy } from '@baton/core';
import type { StepPlan } from '@baton/planner';
import { attemptStep } from './attempt-step';
import type { ExecuteStepOptions, StepEnvironment, StepExecution } from './execute-step';
import { isThenable } from './is-thenable';
import { knownInputs } from './known-inputs';
import { materializationEvents, provenanceByOutput, skippedLog } from './materialization-events';
import { resolveStepInputs, type ResolvedInputs } from './resolve-inputs';
import { retryDelayMs } from './retry-delay';
import { settling } from './settle-step';
import { stepFailure } from './step-failure';
import type { StepAttemptOutcome } from './step-request';
import { inputsUnchanged } from './unchanged-inputs';

/**
 * The attempts of a step that calls its function once (all its partitions in one call), with the
 * asset's retries and timeout, up to its closing events stored through `options.settle`.
 *
 * Each phase of a try goes on at once when the previous one answered synchronously (inputs the run
 * knows, an executor answering in this process, an asset function returning a value), so a no-op
 * step costs no promise until its events are stored; a phase that returns a promise continues the
 * rest through it. The order of events and outcomes is the same either way. Never rejects: a
 * failure (storage's included) ends the step with a STEP_FAILURE, as `executeStep` documents.
 *
 * @example
 * const execution = await new StepAttempts(env, step, signal, options, defs, 0).run();
 */
export class StepAttempts {
  readonly policy: RetryPolicy | undefined;
  readonly now: () => number;

  constructor(
    readonly env: StepEnvironment,
    readonly step: StepPlan,
    readonly signal: AbortSignal,
    readonly options: ExecuteStepOptions,
    readonly defs: readonly AssetDefinition[],
    /** Attempts already recorded for this step; numbering continues after them. */
    readonly base: number,
  ) {
    this.policy = defs[0]!.retry;
    this.now = env.now ?? Date.now;
  }

  run(): StepExecution | Promise<StepExecution> {
    return this.try(1);
  }

  /** Try number `tries` (1 the first): STEP_STARTED, its inputs, then its attempt. */
  try(tries: number): StepExecution | Promise<StepExecution> {
    const { env, step } = this;
    const attempt = this.base + tries;
    try {
      const startedAt = this.now();
      env.events.emit({ type: 'STEP_STARTED', runId: env.runId, stepKey: step.key, assetKeys: step.assetKeys, partitionKeys: step.partitionKeys, attempt, timestamp: startedAt });
      let resolved: ResolvedInputs | Promise<ResolvedInputs> | undefined;
      try {
        // inputs the run already knows need no storage read and no promise
        resolved = (env.known && knownInputs(env.assets, step.assetKeys, env.known)) || resolveStepInputs(env.storage, env.assets, step.assetKeys, step.partitionKeys, undefined, env.known ? { known: env.known } : {});
      } catch (error) {
        return this.attempted(tries, startedAt, [], notStarted(error));
      }
      if (isThenable(resolved)) return this.withInputsLater(tries, startedAt, resolved);
      return this.withInputs(tries, startedAt, resolved);
    } catch (error) {
      return this.failed(error, attempt);
    }
  }

  /**
   * `withInputs` once the inputs were read from storage. (Closures live in methods of their own, off
   * the synchronous path: a function creating one allocates a context on every call, made or not.)
   */
  withInputsLater(tries: number, startedAt: number, resolved: Promise<ResolvedInputs>): Promise<StepExecution> {
    return this.guard(
      resolved.then(
        (r) => this.withInputs(tries, startedAt, r),
        (error: unknown) => this.attempted(tries, startedAt, [], notStarted(error)),
      ),
      this.base + tries,
    );
  }

  /** The attempt of try `tries` once its inputs are resolved (skipped on the first try when they did not change, if the step asks). */
  withInputs(tries: number, startedAt: number, resolved: ResolvedInputs): StepExecution | Promise<StepExecution> {
    const { env, step } = this;
    if (tries === 1 && step.skipIfInputsUnchanged) {
      return this.guard(this.skipIfUnchanged(tries, startedAt, resolved), this.base + tries);
    }
    return this.attempt(tries, startedAt, resolved);
  }

  /** The first try of a step that asks to be skipped when its inputs did not change since its last materialization. */
  skipIfUnchanged(tries: number, startedAt: number, resolved: ResolvedInputs): Promise<StepExecution> {
    const { env, step } = this;
    return inputsUnchanged(env, step.assetKeys, step.partitionKeys, resolved.provenance).then(
        (unchanged) => {
          if (!unchanged) return this.attempt(tries, startedAt, resolved);
          env.events.emit(skippedLog(env, step, null, this.now()));
          const execution: StepExecution = { end: 'success', events: [{ type: 'STEP_SUCCESS', runId: env.runId, stepKey: step.key, durationMs: this.now() - startedAt, timestamp: this.now() }] };
          const storing = settling(this.options, step, execution);
          // a skip that could not be stored fails the attempt, as a failure to read the inputs does
          return storing === undefined ? execution : storing.then(() => execution, (error: unknown) => this.attempted(tries, startedAt, resolved.provenance, notStarted(error)));
        },
      (error: unknown) => this.attempted(tries, startedAt, resolved.provenance, notStarted(error)),
    );
  }

  /** Runs the attempt of try `tries` through the executor. */
  attempt(tries: number, startedAt: number, resolved: ResolvedInputs): StepExecution | Promise<StepExecution> {
    let outcome: StepAttemptOutcome | Promise<StepAttemptOutcome>;
    try {
      outcome = attemptStep(this.env, this.step, this.step.partitionKeys, this.base + tries, resolved.specs, this.defs[0]!.timeoutMs, this.signal);
    } catch (error) {
      outcome = notStarted(error);
    }
    if (isThenable(outcome)) return this.attemptedLater(tries, startedAt, resolved.provenance, outcome);
    return this.attempted(tries, startedAt, resolved.provenance, outcome);
  }

  attemptedLater(tries: number, startedAt: number, provenance: ProvenanceEntry[], outcome: Promise<StepAttemptOutcome>): Promise<StepExecution> {
    return outcome.then(
      (o) => this.attempted(tries, startedAt, provenance, o),
      (error: unknown) => this.attempted(tries, startedAt, provenance, notStarted(error)),
    );
  }

  /** After the attempt of try `tries`: its closing events, or the next try after the retry delay. */
  attempted(tries: number, startedAt: number, provenance: ProvenanceEntry[], outcome: StepAttemptOutcome): StepExecution | Promise<StepExecution> {
    const { env, step, signal, policy } = this;
    const runId = env.runId;
    const attempt = this.base + tries;
    try {
      if (signal.aborted) return this.settle(stepFailure(runId, step.key, this.now(), `canceled: ${(signal.reason as Error)?.message ?? 'run canceled'}`, attempt, 'canceled'), attempt);
      if (outcome.ok) {
        if (step.partitionKeys.length > 1) return this.succeededWithProvenance(outcome, attempt, startedAt, provenance);
        return this.succeeded(outcome, attempt, startedAt, provenance, undefined);
      }
      const willRetry = outcome.retryable && policy !== undefined && tries < policy.maxAttempts;
      if (!willRetry) return this.settle(stepFailure(runId, step.key, this.now(), outcome.error, attempt), attempt);
      env.events.emit({ type: 'STEP_FAILURE', runId, stepKey: step.key, error: outcome.error, attempt, willRetry: true, timestamp: this.now() });
      const delay = retryDelayMs(policy, tries, env.random);
      env.events.emit({ type: 'LOG', runId, stepKey: step.key, level: 'info', message: `retrying step ${step.key} in ${delay} ms (attempt ${tries + 1} of ${policy.maxAttempts})`, timestamp: this.now() });
      return this.retryAfter(tries, env.sleep(delay, signal));
    } catch (error) {
      return this.failed(error, attempt);
    }
  }

  /** A step over several partitions in one call: each output records the upstream partitions its own partition reads. */
  succeededWithProvenance(outcome: StepAttemptOutcome & { ok: true }, attempt: number, startedAt: number, provenance: ProvenanceEntry[]): Promise<StepExecution> {
    return this.guard(
      provenanceByOutput(this.env, outcome.outputs, provenance).then((used) => this.succeeded(outcome, attempt, startedAt, provenance, used)),
      attempt,
    );
  }

  /** Try `tries + 1` after the retry delay (`sleeping`), unless the run was canceled meanwhile. */
  retryAfter(tries: number, sleeping: Promise<void>): Promise<StepExecution> {
    const attempt = this.base + tries;
    return sleeping.then(
      () => this.try(tries + 1),
      () => this.settle(stepFailure(this.env.runId, this.step.key, this.now(), 'canceled while waiting to retry', attempt, 'canceled'), attempt),
    );
  }

  /** The closing events of an attempt that succeeded (with `failedPartitions`: a failure after storing what it could). */
  succeeded(outcome: StepAttemptOutcome & { ok: true }, attempt: number, startedAt: number, provenance: ProvenanceEntry[], used: ProvenanceEntry[][] | undefined): StepExecution | Promise<StepExecution> {
    const { env, step } = this;
    const ts = this.now();
    const failed = outcome.failedPartitions;
    const closing: BatonEvent = failed
      ? { type: 'STEP_FAILURE', runId: env.runId, stepKey: step.key, error: failed.error, partitionKeys: failed.keys, attempt, willRetry: false, timestamp: ts }
      : { type: 'STEP_SUCCESS', runId: env.runId, stepKey: step.key, durationMs: ts - startedAt, timestamp: ts };
    const { events, blocked } = materializationEvents(env, step, this.defs, outcome.outputs, provenance, ts, used, closing);
    const end = failed ? 'failure' : 'success';
    return this.settle(blocked !== undefined ? { end, events, blocked } : { end, events }, attempt);
  }

  /** Records the step's closing events (`options.settle`); storing them failed: the step fails. */
  settle(execution: StepExecution, attempt: number): StepExecution | Promise<StepExecution> {
    const storing = settling(this.options, this.step, execution);
    return storing === undefined ? execution : this.settledLater(storing, execution, attempt);
  }

  settledLater(storing: Promise<void>, execution: StepExecution, attempt: number): Promise<StepExecution> {
    return storing.then(
      () => execution,
      (error: unknown) => this.failed(error, attempt),
    );
  }

  /** A continuation that may reject (storage, a provenance read): its rejection fails the step. */
  guard(pending: Promise<StepExecution>, attempt: number): Promise<StepExecution> {
    return pending.then(undefined, (error: unknown) => this.failed(error, attempt));
  }

  /** The step failed with `error` outside an attempt (storing its events, say): one STEP_FAILURE, stored if storage still takes it. */
  failed(error: unknown, attempt: number): StepExecution | Promise<StepExecution> {
    return failStep(this.env, this.step, this.signal, this.options, error, attempt);
  }
}

/** An attempt that could not start (its inputs could not be read, say): not worth retrying. */
function notStarted(error: unknown): StepAttemptOutcome {
  return { ok: false, error: (error as Error).message, retryable: false };
}

/**
 * Ends a step that failed outside its attempts (a pool slot, storing its events): canceled when the
 * run was canceled meanwhile (a BatonError is a real failure either way), its STEP_FAILURE stored if
 * storage still takes it.
 *
 * @example
 * return failStep(env, step, signal, options, error, attempt);
 */
export function failStep(env: StepEnvironment, step: StepPlan, signal: AbortSignal, options: ExecuteStepOptions, error: unknown, attempt: number): StepExecution | Promise<StepExecution> {
  const now = env.now ?? Date.now;
  const ended =
    !(error instanceof BatonError) && signal.aborted
      ? stepFailure(env.runId, step.key, now(), 'canceled while waiting for a pool slot', attempt, 'canceled')
      : stepFailure(env.runId, step.key, now(), (error as Error).message, attempt);
  const storing = settling(options, step, ended);
  return storing === undefined ? ended : storing.then(
    () => ended,
    () => ended,
  );
}
