import { evaluateCheck, type CheckDefinition, type CheckOutcome, type MaterializationRecord } from '@baton/core';

/** What the checks of a just-written partition know about its materialization (not stored yet). */
export interface FreshOutput {
  readonly assetKey: string;
  readonly partitionKey: string | null;
  readonly runId: string;
  readonly stepKey: string;
  readonly codeVersion: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly dataVersion: string | undefined;
}

/**
 * Evaluates an asset's checks on the value just written for one partition. `ctx.materialization`
 * describes the new materialization (its id is '' until storage assigns one; its timestamp is now).
 *
 * @example
 * const outcomes = await runAttemptChecks(lookup.checks?.get('raw/orders') ?? [], output, rows);
 */
export async function runAttemptChecks(checks: readonly CheckDefinition[], out: FreshOutput, value: unknown, now = Date.now()): Promise<CheckOutcome[]> {
  if (checks.length === 0) return [];
  const materialization: MaterializationRecord = {
    id: '',
    assetKey: out.assetKey,
    partitionKey: out.partitionKey,
    runId: out.runId,
    stepKey: out.stepKey,
    timestamp: now,
    dataVersion: out.dataVersion ?? '',
    codeVersion: out.codeVersion,
    metadata: out.metadata,
    provenance: [],
  };
  const ctx = { assetKey: out.assetKey, partitionKey: out.partitionKey, runId: out.runId, now, materialization };
  const outcomes: CheckOutcome[] = [];
  for (const c of checks) outcomes.push(await evaluateCheck(c, ctx, value));
  return outcomes;
}

/**
 * Why downstream steps were skipped after a blocking check failed (the STEP_SKIPPED reason).
 *
 * @example
 * blockingCheckReason({ checkName: 'celsius_range', assetKey: 'weather/readings', partitionKey: null }) // 'blocking check "celsius_range" of asset "weather/readings" failed'
 */
export function blockingCheckReason(c: Pick<CheckOutcome, 'checkName' | 'assetKey' | 'partitionKey'>): string {
  return `blocking check "${c.checkName}" of asset "${c.assetKey}"${c.partitionKey !== null ? ` partition "${c.partitionKey}"` : ''} failed`;
}
