import type { BackfillInput } from '../../api/queries/plans';

export type Reprocess = 'MISSING' | 'FAILED' | 'MISSING_OR_FAILED' | 'ALL';
export type Order = 'OLDEST_FIRST' | 'NEWEST_FIRST';
export type Policy = 'PER_PARTITION' | 'BATCH' | 'SINGLE';

/** One partitioning among the selected assets and the range chosen for it (empty = all its partitions). */
export interface PartitioningChoice {
  readonly definitionId: string;
  readonly from: string;
  readonly to: string;
}

export interface LauncherState {
  readonly selection: string;
  readonly choices: readonly PartitioningChoice[];
  readonly reprocess: Reprocess;
  readonly order: Order;
  readonly policy: Policy;
  readonly batchSize: number;
  readonly maxConcurrent: number;
}

/**
 * The `BackfillInput` for the launcher's state: one range for a single partitioning, one entry per
 * partitioning (`byDefinition`) when the selection mixes several.
 *
 * @example
 * buildBackfillInput({ selection: 'group:rollups', choices: [{ definitionId: 'daily', from: '2024-01-01', to: '2024-01-31' }], reprocess: 'MISSING', order: 'OLDEST_FIRST', policy: 'PER_PARTITION', batchSize: 10, maxConcurrent: 4 });
 */
export function buildBackfillInput(s: LauncherState): BackfillInput {
  const partitionsOf = (c: PartitioningChoice) => (c.from && c.to ? { range: { from: c.from, to: c.to } } : { all: true });
  const base = {
    selection: s.selection,
    reprocess: s.reprocess,
    order: s.order,
    policy: s.policy === 'BATCH' ? { kind: 'BATCH' as const, size: s.batchSize } : { kind: s.policy },
    maxConcurrentRuns: s.maxConcurrent,
  };
  if (s.choices.length === 1) return { ...base, partitions: partitionsOf(s.choices[0]!) };
  return { ...base, byDefinition: s.choices.map((c) => ({ definitionId: c.definitionId, partitions: partitionsOf(c) })) };
}
