import type { CheckResultRecord } from '../records/check-result-record';
import { check } from './check';
import { describe, expect, it } from 'vitest';
import { checkStatusOf } from './check-status';

const a = check({ name: 'a', asset: 'x', severity: 'error', fn: () => true });
const w = check({ name: 'w', asset: 'x', severity: 'warn', fn: () => true });
let id = 0;
const r = (checkName: string, passed: boolean, severity: 'warn' | 'error', partitionKey: string | null = null, timestamp = 1): CheckResultRecord => ({
  id: String(++id),
  assetKey: 'x',
  partitionKey,
  checkName,
  runId: null,
  timestamp,
  passed,
  severity,
  blocking: false,
  metadata: {},
});

describe('checkStatusOf', () => {
  it('is none without checks, not_run with checks but no result, healthy when all passed', () => {
    expect(checkStatusOf([], [r('a', false, 'error')])).toBe('none');
    expect(checkStatusOf([a, w], [])).toBe('not_run');
    expect(checkStatusOf([a, w], [r('gone', false, 'error')])).toBe('not_run');
    expect(checkStatusOf([a, w], [r('a', true, 'error'), r('w', true, 'warn')])).toBe('healthy');
  });
  it('is failing on any failed error result, warn on failed warn results only', () => {
    expect(checkStatusOf([a, w], [r('a', true, 'error', 'p1'), r('w', false, 'warn', 'p1')])).toBe('warn');
    expect(checkStatusOf([a, w], [r('w', false, 'warn', 'p1'), r('a', true, 'error', 'p1'), r('a', false, 'error', 'p2')])).toBe('failing');
  });
  it('ignores results of checks no longer defined', () => {
    expect(checkStatusOf([w], [r('gone', false, 'error'), r('w', true, 'warn')])).toBe('healthy');
  });
});
