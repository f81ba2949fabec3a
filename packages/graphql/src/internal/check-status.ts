import type { CheckResultRecord } from '@baton/core';

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
