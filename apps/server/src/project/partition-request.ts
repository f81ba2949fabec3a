import { UsageError } from '../cli/usage-error';

export type CliPartitionRequest = string | { readonly from: string; readonly to: string } | undefined;

/**
 * The partitions asked for by `--partition <key>` or `--from <key> --to <key>` (validated together).
 *
 * @example
 * partitionRequest({ from: '2024-01-01', to: '2024-01-31' }) // { from: '2024-01-01', to: '2024-01-31' }
 */
export function partitionRequest(options: { partition?: string; from?: string; to?: string }, required = false): CliPartitionRequest {
  const { partition, from, to } = options;
  if (partition !== undefined && (from !== undefined || to !== undefined)) {
    throw new UsageError('--partition cannot be combined with --from/--to', 'pass either one key with --partition, or a range with --from and --to');
  }
  if ((from === undefined) !== (to === undefined)) {
    throw new UsageError(`${from === undefined ? '--to' : '--from'} needs ${from === undefined ? '--from' : '--to'}`, 'a range takes both ends, e.g. --from 2024-01-01 --to 2024-01-31');
  }
  if (partition !== undefined) return partition;
  if (from !== undefined && to !== undefined) {
    if (from > to && sameShape(from, to)) throw new UsageError(`--from "${from}" is after --to "${to}"`, `swap them: --from ${to} --to ${from}`);
    return { from, to };
  }
  if (required) throw new UsageError('a partition range is required', 'pass --from <key> --to <key>');
  return undefined;
}

/** Keys like 2024-01-31 or 2024-01-31-05:00 compare as text only when they have the same shape. */
function sameShape(a: string, b: string): boolean {
  return a.replace(/\d/g, '0') === b.replace(/\d/g, '0');
}
