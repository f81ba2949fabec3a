import type { PartitionStatus } from '@baton/planner';
import { builder } from './builder';

export const AssetStatus = builder.enumType('AssetStatus', {
  description: 'Status of an asset (partition). For an asset, the first that any partition has: IN_PROGRESS > FAILED > STALE > MISSING > FRESH.',
  values: {
    FRESH: { value: 'fresh', description: 'Materialized and up to date.' },
    STALE: { value: 'stale', description: 'Materialized, but out of date (see staleCauses).' },
    MISSING: { value: 'missing', description: 'Never materialized.' },
    FAILED: { value: 'failed', description: 'The most recent attempt failed.' },
    IN_PROGRESS: { value: 'in_progress', description: 'A step is queued or running now.' },
  } as const,
});

export const STATUS_VALUES: readonly PartitionStatus[] = ['fresh', 'stale', 'missing', 'failed', 'in_progress'];
