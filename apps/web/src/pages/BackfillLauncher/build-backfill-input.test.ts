import { describe, expect, it } from 'vitest';
import { buildBackfillInput, type LauncherState } from './build-backfill-input';

const base: LauncherState = {
  selection: 'raw/events+',
  partitions: { kind: 'none' },
  statics: {},
  reprocess: 'MISSING',
  order: 'OLDEST_FIRST',
  policy: { kind: 'PER_PARTITION', size: 10 },
  maxConcurrent: 4,
};

describe('buildBackfillInput', () => {
  it('never means "every partition" by leaving the range empty', () => {
    expect(buildBackfillInput(base, true)).toEqual({ missing: 'Choose a date range, or "All partitions".' });
    expect(buildBackfillInput({ ...base, partitions: { kind: 'range', from: '2026-01-01', to: '' } }, true)).toEqual({ missing: 'Choose a date range, or "All partitions".' });
    expect(buildBackfillInput({ ...base, partitions: { kind: 'all' } }, true)).toMatchObject({ input: { partitions: { all: true } } });
  });

  it('applies one range to every time partitioning, and static keys per dimension', () => {
    const out = buildBackfillInput({ ...base, partitions: { kind: 'range', from: '2026-01-01', to: '2026-01-03' }, statics: { region: ['emea', 'amer'] }, policy: { kind: 'BATCH', size: 24 } }, true);
    expect(out).toEqual({
      input: {
        selection: 'raw/events+',
        partitions: { range: { from: '2026-01-01', to: '2026-01-03' } },
        statics: [{ dimension: 'region', keys: ['emea', 'amer'] }],
        reprocess: 'MISSING',
        order: 'OLDEST_FIRST',
        policy: { kind: 'BATCH', size: 24 },
        maxConcurrentRuns: 4,
      },
    });
  });

  it('needs no range when no selected asset is time-partitioned, but at least one key per static dimension', () => {
    expect(buildBackfillInput({ ...base, statics: { '*': ['eu'] } }, false)).toMatchObject({ input: { partitions: { all: true }, statics: [{ dimension: '*', keys: ['eu'] }] } });
    expect(buildBackfillInput({ ...base, statics: { region: [] } }, false)).toEqual({ missing: 'Choose at least one key of "region".' });
    expect(buildBackfillInput({ ...base, selection: '  ' }, true)).toEqual({ missing: 'Select assets first.' });
  });
});
