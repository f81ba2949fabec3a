import type { BackfillInput } from '../../api/queries/plans';
import { toPolicyInput, type RunPolicyChoice } from '../../components/RunPolicyPicker';

export type Reprocess = 'MISSING' | 'FAILED' | 'MISSING_OR_FAILED' | 'ALL';
export type Order = 'OLDEST_FIRST' | 'NEWEST_FIRST';

/** Which partitions the launcher targets: every partition (an explicit choice), or one date range. */
export type PartitionChoice = { readonly kind: 'all' } | { readonly kind: 'range'; readonly from: string; readonly to: string } | { readonly kind: 'none' };

export interface LauncherState {
  readonly selection: string;
  /** One range for every time partitioning (and the time dimension of multi partitionings), as in the CLI. */
  readonly partitions: PartitionChoice;
  /** Chosen keys per static dimension ('*' for a plain static partitioning); a dimension left out takes every key. */
  readonly statics: Readonly<Record<string, readonly string[]>>;
  readonly reprocess: Reprocess;
  readonly order: Order;
  readonly policy: RunPolicyChoice;
  readonly maxConcurrent: number;
}

/**
 * The `BackfillInput` for the launcher's state, or why it cannot be planned yet. There is no
 * implicit "everything": without a range, the user must choose "All partitions" (unless the
 * selection has no time partitioning, when the static keys alone say what to run).
 *
 * @example
 * buildBackfillInput({ selection: 'raw/events+', partitions: { kind: 'range', from: '2026-01-01', to: '2026-01-03' }, statics: { region: ['emea'] }, reprocess: 'MISSING', order: 'OLDEST_FIRST', policy: { kind: 'PER_PARTITION', size: 10 }, maxConcurrent: 4 }, true);
 */
export function buildBackfillInput(s: LauncherState, hasTime: boolean): { input: BackfillInput } | { missing: string } {
  if (!s.selection.trim()) return { missing: 'Select assets first.' };
  const emptyStatic = Object.entries(s.statics).find(([, keys]) => keys.length === 0);
  if (emptyStatic) return { missing: `Choose at least one key of ${emptyStatic[0] === '*' ? 'the static partitions' : `"${emptyStatic[0]}"`}.` };
  let partitions: BackfillInput['partitions'];
  if (s.partitions.kind === 'all' || !hasTime) partitions = { all: true };
  else if (s.partitions.kind === 'range' && s.partitions.from && s.partitions.to) partitions = { range: { from: s.partitions.from, to: s.partitions.to } };
  else return { missing: 'Choose a date range, or "All partitions".' };
  const statics = Object.entries(s.statics).map(([dimension, keys]) => ({ dimension, keys: [...keys] }));
  return {
    input: {
      selection: s.selection.trim(),
      partitions,
      ...(statics.length > 0 ? { statics } : {}),
      reprocess: s.reprocess,
      order: s.order,
      policy: toPolicyInput(s.policy),
      maxConcurrentRuns: s.maxConcurrent,
    },
  };
}
