import { isBlockingFailure, type AssetDefinition, type BatonEvent, type ProvenanceEntry } from '@baton/core';
import type { StepPlan } from '@baton/planner';
import { uniqueDataVersion } from '../io-managers/content-hash';
import { blockingCheckReason } from './attempt-checks';
import type { StepEnvironment } from './execute-step';
import type { StepOutput } from './step-request';

/**
 * The materializations of one attempt's outputs, each followed by its check results, then `closing`
 * when given (the step's STEP_SUCCESS or STEP_FAILURE): every output records everything the step
 * read (`provenance`), or `used[i]` when given. `blocked`: the first failed blocking check.
 *
 * @example
 * const { events, blocked } = materializationEvents(env, step, defs, outcome.outputs, provenance, Date.now());
 */
export function materializationEvents(
  env: StepEnvironment,
  step: StepPlan,
  defs: readonly AssetDefinition[],
  outputs: readonly StepOutput[],
  provenance: ProvenanceEntry[],
  ts: number,
  used?: readonly ProvenanceEntry[][],
  closing?: BatonEvent,
): { events: BatonEvent[]; blocked: string | undefined } {
  // one output without checks (most steps): an array of two, not a grown one
  if (outputs.length === 1 && outputs[0]!.checks === undefined && closing !== undefined) return { events: [materialization(env, step, defs, outputs, provenance, ts, used, 0), closing], blocked: undefined };
  const events: BatonEvent[] = [];
  let blocked: string | undefined;
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i]!;
    events.push(materialization(env, step, defs, outputs, provenance, ts, used, i));
    if (out.checks === undefined) continue;
    for (const c of out.checks) {
      events.push({ type: 'CHECK_RESULT', runId: env.runId, stepKey: step.key, assetKey: c.assetKey, partitionKey: c.partitionKey, checkName: c.checkName, passed: c.passed, severity: c.severity, blocking: c.blocking, metadata: c.metadata, timestamp: ts });
      if (blocked === undefined && isBlockingFailure(c)) blocked = blockingCheckReason(c);
    }
  }
  if (closing !== undefined) events.push(closing);
  return { events, blocked };
}

/** The MATERIALIZATION of `outputs[i]`. */
function materialization(env: StepEnvironment, step: StepPlan, defs: readonly AssetDefinition[], outputs: readonly StepOutput[], provenance: ProvenanceEntry[], ts: number, used: readonly ProvenanceEntry[][] | undefined, i: number): BatonEvent {
  const out = outputs[i]!;
  const def = defs.length === 1 ? defs[0]! : (defs.find((d) => d.key === out.assetKey) ?? defs[0]!);
  return {
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
  };
}

/**
 * What each output of a step over several partitions records for `materializationEvents`: only the
 * upstream partitions its own partition reads (`env.provenanceOf`).
 *
 * @example
 * materializationEvents(env, step, defs, outputs, provenance, ts, await provenanceByOutput(env, outputs, provenance));
 */
export async function provenanceByOutput(env: StepEnvironment, outputs: readonly StepOutput[], provenance: readonly ProvenanceEntry[]): Promise<ProvenanceEntry[][]> {
  const used: ProvenanceEntry[][] = [];
  for (const out of outputs) used.push(out.partitionKey === null ? [...provenance] : await env.provenanceOf(out.assetKey, out.partitionKey, provenance));
  return used;
}

/**
 * The LOG saying a step (or one partition of it) was skipped because its inputs did not change.
 *
 * @example
 * env.events.emit(skippedLog(env, step, null, Date.now()));
 */
export function skippedLog(env: StepEnvironment, step: StepPlan, partitionKey: string | null, timestamp: number): BatonEvent {
  const what = partitionKey === null ? `step ${step.key}` : `partition ${partitionKey} of step ${step.key}`;
  return {
    type: 'LOG', runId: env.runId, stepKey: step.key, level: 'info', timestamp,
    message: `${what} skipped: its code version and the data versions of its inputs are unchanged since its last materialization (the upstreams rebuilt before it kept their data versions)`,
    fields: { skipped: true, ...(partitionKey === null ? {} : { partitionKey }) },
  };
}
