import type { CheckDefinition, CheckResultRecord } from '@baton/core';

/** How an asset's checks stand, for `baton status`. */
export interface ChecksSummary {
  /** none: no checks; not_run: checks but no result yet; failing: an error check failed; warn: only warn checks failed. */
  readonly status: 'none' | 'not_run' | 'healthy' | 'warn' | 'failing';
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
  if (checks.length === 0) return { status: 'none', failing: [], text: '—' };
  const names = new Set(checks.map((c) => c.name));
  const relevant = latest.filter((r) => names.has(r.checkName));
  if (relevant.length === 0) return { status: 'not_run', failing: [], text: 'not run' };
  const failed = relevant.filter((r) => !r.passed);
  const failing = [...new Set(failed.map((r) => r.checkName))];
  const partitions = new Set(failed.map((r) => r.partitionKey));
  const where = partitions.size > 1 || (partitions.size === 1 && !partitions.has(null)) ? ` (${partitions.size} partition${partitions.size === 1 ? '' : 's'})` : '';
  if (failed.some((r) => r.severity === 'error')) {
    const errors = [...new Set(failed.filter((r) => r.severity === 'error').map((r) => r.checkName))];
    return { status: 'failing', failing, text: `failing: ${errors.join(', ')}${where}` };
  }
  if (failed.length > 0) return { status: 'warn', failing, text: `warn: ${failing.join(', ')}${where}` };
  return { status: 'healthy', failing: [], text: `ok (${checks.length})` };
}
