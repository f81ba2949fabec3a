import { check, type CheckResultRecord } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { summarizeChecks } from './summarize-checks';

const e = check({ name: 'e', asset: 'x', severity: 'error', fn: () => true });
const w = check({ name: 'w', asset: 'x', severity: 'warn', fn: () => true });
const r = (checkName: string, passed: boolean, severity: 'warn' | 'error', partitionKey: string | null = null): CheckResultRecord => ({
  id: '1', assetKey: 'x', partitionKey, checkName, runId: null, timestamp: 1, passed, severity, blocking: false, metadata: {},
});

describe('summarizeChecks', () => {
  it('none, not run, ok', () => {
    expect(summarizeChecks([], []).text).toBe('—');
    expect(summarizeChecks([e], [r('gone', false, 'error')])).toEqual({ status: 'not_run', failing: [], text: 'not run' });
    expect(summarizeChecks([e, w], [r('e', true, 'error'), r('w', true, 'warn')])).toEqual({ status: 'healthy', failing: [], text: 'ok (2)' });
  });
  it('failing beats warn; partitions are counted', () => {
    expect(summarizeChecks([e, w], [r('w', false, 'warn', 'a'), r('w', false, 'warn', 'b')])).toEqual({ status: 'warn', failing: ['w'], text: 'warn: w (2 partitions)' });
    expect(summarizeChecks([e, w], [r('w', false, 'warn'), r('e', false, 'error')])).toEqual({ status: 'failing', failing: ['w', 'e'], text: 'failing: e' });
  });
});
