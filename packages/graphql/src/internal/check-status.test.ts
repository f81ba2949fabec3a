import { check, type CheckResultRecord } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { checkStatusOf, latestOfCheck } from './check-status';

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
  it('is none without checks or results, healthy when all passed', () => {
    expect(checkStatusOf([], [r('a', false, 'error')])).toBe('none');
    expect(checkStatusOf([a, w], [])).toBe('none');
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

describe('latestOfCheck', () => {
  const rows = [r('a', true, 'error', 'p1', 5), r('a', false, 'error', 'p2', 9), r('w', true, 'warn', 'p2', 10)];
  it('picks the newest of a check, or of one partition', () => {
    expect(latestOfCheck(rows, 'a')?.partitionKey).toBe('p2');
    expect(latestOfCheck(rows, 'a', 'p1')?.passed).toBe(true);
    expect(latestOfCheck(rows, 'a', 'p3')).toBeNull();
    expect(latestOfCheck(rows, 'missing')).toBeNull();
  });
});
