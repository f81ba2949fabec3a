import { describe, expect, it } from 'vitest';
import { buildBackfillInput, type LauncherState } from './build-backfill-input';

const base: LauncherState = { selection: 'group:rollups', choices: [], reprocess: 'MISSING', order: 'OLDEST_FIRST', policy: 'PER_PARTITION', batchSize: 10, maxConcurrent: 4 };

describe('buildBackfillInput', () => {
  it('uses one range for one partitioning', () => {
    const input = buildBackfillInput({ ...base, choices: [{ definitionId: 'd', from: '2024-01-01', to: '2024-01-31' }] });
    expect(input).toMatchObject({ selection: 'group:rollups', partitions: { range: { from: '2024-01-01', to: '2024-01-31' } }, policy: { kind: 'PER_PARTITION' }, maxConcurrentRuns: 4, reprocess: 'MISSING' });
    expect(input.byDefinition).toBeUndefined();
  });
  it('uses one entry per partitioning, all partitions when no range, and batch sizes', () => {
    const input = buildBackfillInput({ ...base, policy: 'BATCH', batchSize: 24, choices: [{ definitionId: 'h', from: '', to: '' }, { definitionId: 'd', from: '2024-01-01', to: '2024-01-02' }] });
    expect(input.byDefinition).toEqual([
      { definitionId: 'h', partitions: { all: true } },
      { definitionId: 'd', partitions: { range: { from: '2024-01-01', to: '2024-01-02' } } },
    ]);
    expect(input.policy).toEqual({ kind: 'BATCH', size: 24 });
  });
});
