import type { CheckResultRecord } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { latestOfCheck } from './check-status';

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

describe('latestOfCheck', () => {
  const rows = [r('a', true, 'error', 'p1', 5), r('a', false, 'error', 'p2', 9), r('w', true, 'warn', 'p2', 10)];
  it('picks the newest of a check, or of one partition', () => {
    expect(latestOfCheck(rows, 'a')?.partitionKey).toBe('p2');
    expect(latestOfCheck(rows, 'a', 'p1')?.passed).toBe(true);
    expect(latestOfCheck(rows, 'a', 'p3')).toBeNull();
    expect(latestOfCheck(rows, 'missing')).toBeNull();
  });
});
