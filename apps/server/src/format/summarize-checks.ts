import { checkStatusOf, type CheckDefinition, type CheckResultRecord, type CheckStatus } from '@baton/core';

/** How an asset's checks stand, for `baton status`. */
export interface ChecksSummary {
  /** core's roll-up (`checkStatusOf`), the same the API answers. */
  readonly status: CheckStatus;
  /** Names of the checks whose latest result failed (for any partition). */
  readonly failing: readonly string[];
  /** One short cell, e.g. "failing: unique_id", "warn: email_present (2 partitions)", "ok (3)". */
  readonly text: string;
}

/**
 * Summarises the latest results (one per partition and check) of an asset's defined checks.
 *
 * @example
 * summarizeChecks(defs.checksOf('raw/orders'), latest).text // 'failing: not_empty'
 */
export function summarizeChecks(checks: readonly CheckDefinition[], latest: readonly CheckResultRecord[]): ChecksSummary {
  const status = checkStatusOf(checks, latest);
  if (status === 'none') return { status, failing: [], text: '—' };
  if (status === 'not_run') return { status, failing: [], text: 'not run' };
  if (status === 'healthy') return { status, failing: [], text: `ok (${checks.length})` };
  const names = new Set(checks.map((c) => c.name));
  const failed = latest.filter((r) => names.has(r.checkName) && !r.passed);
  const failing = [...new Set(failed.map((r) => r.checkName))];
  const partitions = new Set(failed.map((r) => r.partitionKey));
  const where = partitions.size > 1 || (partitions.size === 1 && !partitions.has(null)) ? ` (${partitions.size} partition${partitions.size === 1 ? '' : 's'})` : '';
  if (status === 'failing') {
    const errors = [...new Set(failed.filter((r) => r.severity === 'error').map((r) => r.checkName))];
    return { status, failing, text: `failing: ${errors.join(', ')}${where}` };
  }
  return { status, failing, text: `warn: ${failing.join(', ')}${where}` };
}
