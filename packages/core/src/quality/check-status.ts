import type { CheckResultRecord } from '../records/check-result-record';
import type { CheckDefinition } from './check';

/**
 * How an asset's checks (or one check) stand: `none` without checks, `not_run` with checks but no
 * result yet, else from the latest result of each (partition, check): `failing` when an error-severity
 * one failed, `warn` when only warn-severity ones did, `healthy` when all passed.
 */
export type CheckStatus = 'none' | 'not_run' | 'healthy' | 'warn' | 'failing';

/**
 * The one check roll-up rule, for the CLI (`baton status`) and the API (`checkStatus`). Results of
 * checks no longer defined are ignored.
 *
 * @example
 * checkStatusOf(defs.checksOf('raw/orders'), latest); // 'failing'
 */
export function checkStatusOf(checks: readonly Pick<CheckDefinition, 'name'>[], latest: readonly CheckResultRecord[]): CheckStatus {
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
  return warn ? 'warn' : seen ? 'healthy' : 'not_run';
}
