import type { AssetDefinition, ProvenanceEntry } from '@baton/core';
import type { StepPlan } from '@baton/planner';
import { attemptStep } from './attempt-step';
import type { StepEnvironment, StepExecution } from './execute-step';
import { materializationEvents, provenanceByOutput, skippedLog } from './materialization-events';
import { resolveStepInputs } from './resolve-inputs';
import { retryDelayMs } from './retry-delay';
import type { StepAttemptOutcome } from './step-request';
import { isSelfDependent } from './step-shape';
import { inputsUnchanged } from './unchanged-inputs';

/**
 * Runs a step over several partitions of an asset that is not ranged: one function call per
 * partition (inputs resolved for that partition alone), each with its own retries and timeout.
 * Partitions run concurrently, taking free slots from `env.slots`, except for a self-dependent asset:
 * in key order, each after the previous succeeded (stored first, since the next one reads it).
 * One STEP_STARTED; each partition's MATERIALIZATION as it is done; at the end STEP_SUCCESS, or
 * one STEP_FAILURE naming the partitions that did not succeed (failed, or never run after one failed).
 *
 * @example
 * const execution = await runPartitions(env, step, defs, signal, 0);
 */
export async function runPartitions(env: StepEnvironment, step: StepPlan, defs: readonly AssetDefinition[], signal: AbortSignal, base: number): Promise<StepExecution> {
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
