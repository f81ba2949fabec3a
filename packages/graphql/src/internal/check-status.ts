import type { CheckDefinition, CheckResultRecord } from '@baton/core';

/** How an asset's checks stand: `none` when it has no checks or none ever ran. */
export type CheckStatus = 'healthy' | 'warn' | 'failing' | 'none';

/**
 * The check status of one asset from the latest result of each (partition, check): `failing` when
 * any latest error-severity result failed, else `warn` when a warn-severity one failed, else
 * `healthy`; `none` without results. Results of checks no longer defined are ignored.
 *
 * @example
 * checkStatusOf(defs.checksOf('raw/orders'), latest); // 'failing'
 */
export function checkStatusOf(checks: readonly CheckDefinition[], latest: readonly CheckResultRecord[]): CheckStatus {
  if (checks.length === 0) return 'none';
  const names = new Set(checks.map((c) => c.name));
  let seen = false;
  let warn = false;
  for (const r of latest) {
    if (!names.has(r.checkName)) continue;
    seen = true;
    if (r.passed) continue;
    if (r.severity === 'error') return 'failing';
    warn = true;
  }
  return warn ? 'warn' : seen ? 'healthy' : 'none';
}

/**
 * The latest result of one check: of `partitionKey` when given (null: unpartitioned), else the
 * newest over all partitions.
 *
 * @example
 * latestOfCheck(latest, 'not_empty', '2024-01-02')?.passed;
 */
export function latestOfCheck(latest: readonly CheckResultRecord[], checkName: string, partitionKey?: string | null): CheckResultRecord | null {
  let best: CheckResultRecord | null = null;
  for (const r of latest) {
    if (r.checkName !== checkName || (partitionKey !== undefined && r.partitionKey !== partitionKey)) continue;
    if (!best || r.timestamp > best.timestamp || (r.timestamp === best.timestamp && Number(r.id) > Number(best.id))) best = r;
  }
  return best;
}
