import type { CheckContext, CheckDefinition, CheckSeverity } from './check';

/** The outcome of one check on one partition. */
export interface CheckOutcome {
  readonly checkName: string;
  readonly assetKey: string;
  readonly partitionKey: string | null;
  readonly passed: boolean;
  readonly severity: CheckSeverity;
  readonly blocking: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Runs a check's function and normalises what it returns; a throwing function is a failed check
 * whose metadata holds the error message (never an exception for the caller).
 *
 * @example
 * const outcome = await evaluateCheck(notEmpty, { assetKey: 'orders', partitionKey: null, runId: null, now: Date.now(), materialization: undefined }, rows);
 * outcome.passed; // true when rows is not empty
 */
export async function evaluateCheck(definition: CheckDefinition, ctx: CheckContext, value: unknown): Promise<CheckOutcome> {
  const base = { checkName: definition.name, assetKey: definition.assetKey, partitionKey: ctx.partitionKey, severity: definition.severity, blocking: definition.blocking };
  try {
    const result = await definition.fn(ctx, value);
    if (typeof result === 'boolean') return { ...base, passed: result, metadata: {} };
    if (typeof result === 'object' && result !== null && typeof result.passed === 'boolean') {
      return { ...base, passed: result.passed, metadata: { ...(result.metadata ?? {}) } };
    }
    return { ...base, passed: false, metadata: { error: `check returned ${JSON.stringify(result)}; return a boolean or { passed, metadata }` } };
  } catch (error) {
    return { ...base, passed: false, metadata: { error: error instanceof Error ? error.message : String(error) } };
  }
}

/** True when an outcome stops downstream steps: failed, severity error, blocking. */
export const isBlockingFailure = (o: Pick<CheckOutcome, 'passed' | 'severity' | 'blocking'>): boolean => !o.passed && o.severity === 'error' && o.blocking;
