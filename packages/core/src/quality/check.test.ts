import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { BatonError } from '../errors/baton-error';
import { definitions } from '../graph/definitions';
import { freshness, noNulls, rowCount, uniqueKeys } from './builtin-checks';
import { check, type CheckContext } from './check';
import { evaluateCheck, isBlockingFailure } from './evaluate-check';

const orders = asset({ key: 'raw/orders', output: z.array(z.object({ id: z.number(), email: z.string().nullable() })), compute: () => [] });
const ctx: CheckContext = { assetKey: 'raw/orders', partitionKey: null, runId: null, now: 10_000, materialization: undefined };
const errorOf = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (e) {
    return e as BatonError;
  }
  throw new Error('expected a throw');
};

describe('check()', () => {
  it('builds a frozen definition with defaults', () => {
    const c = check({ name: 'not_empty', asset: orders, severity: 'error', fn: rowCount({ min: 1 }) });
    expect(c).toMatchObject({ kind: 'CheckDefinition', name: 'not_empty', assetKey: 'raw/orders', severity: 'error', blocking: false });
    expect(Object.isFrozen(c)).toBe(true);
    expect(check({ name: 'x', asset: 'raw/orders', severity: 'warn', blocking: true, fn: () => true }).blocking).toBe(true);
  });

  it('rejects bad severities and names', () => {
    expect(errorOf(() => check({ name: 'x', asset: orders, severity: 'fatal' as never, fn: () => true })).message).toContain('severity must be "warn" or "error"');
    expect(errorOf(() => check({ name: 'has space', asset: orders, severity: 'warn', fn: () => true })).code).toBe('INVALID_DEFINITION');
  });

  it('definitions() rejects unknown assets with did-you-mean and duplicate names per asset', () => {
    const typo = check({ name: 'x', asset: 'raw/ordrs', severity: 'warn', fn: () => true });
    const e = errorOf(() => definitions({ assets: [orders], checks: [typo] }));
    expect(e.code).toBe('UNKNOWN_ASSET_KEY');
    expect(e.message).toContain('did you mean "raw/orders"?');
    const a = check({ name: 'same', asset: orders, severity: 'warn', fn: () => true });
    const b = check({ name: 'same', asset: orders, severity: 'error', fn: () => false });
    expect(errorOf(() => definitions({ assets: [orders], checks: [a, b] })).message).toContain('has two checks named "same"');
    const defs = definitions({ assets: [orders], checks: [a] });
    expect(defs.checksOf('raw/orders')).toEqual([a]);
    expect(defs.checksOf('other')).toEqual([]);
  });
});

describe('built-in checks and evaluateCheck', () => {
  const rows = [{ id: 1, email: 'a' }, { id: 2, email: null }, { id: 1, email: 'c' }];
  const run = (fn: ReturnType<typeof rowCount>, value: unknown, c = ctx) => evaluateCheck(check({ name: 'c', asset: 'raw/orders', severity: 'error', fn }), c, value);

  it('rowCount', async () => {
    expect((await run(rowCount({ min: 1, max: 3 }), rows)).passed).toBe(true);
    expect(await run(rowCount({ max: 2 }), rows)).toMatchObject({ passed: false, metadata: { rowCount: 3, max: 2 } });
    expect((await run(rowCount({ min: 1 }), 'x')).passed).toBe(false);
  });

  it('noNulls', async () => {
    expect(await run(noNulls('email'), rows)).toMatchObject({ passed: false, metadata: { nullCount: 1, firstRows: [1] } });
    expect((await run(noNulls('id'), rows)).passed).toBe(true);
  });

  it('uniqueKeys on one column and several', async () => {
    expect(await run(uniqueKeys('id'), rows)).toMatchObject({ passed: false, metadata: { duplicateCount: 1, examples: ['1'] } });
    expect((await run(uniqueKeys(['id', 'email']), rows)).passed).toBe(true);
  });

  it('freshness', async () => {
    const m = { id: '1', assetKey: 'raw/orders', partitionKey: null, runId: 'r', stepKey: null, timestamp: 9_000, dataVersion: 'd', codeVersion: 'c', metadata: {}, provenance: [] };
    expect((await run(freshness({ maxAgeMs: 2_000 }), rows, { ...ctx, materialization: m })).passed).toBe(true);
    expect(await run(freshness({ maxAgeMs: 500 }), rows, { ...ctx, materialization: m })).toMatchObject({ passed: false, metadata: { ageMs: 1_000 } });
    expect((await run(freshness({ maxAgeMs: 500 }), rows)).passed).toBe(false);
  });

  it('a throwing check fails with the error in its metadata', async () => {
    const o = await run(() => {
      throw new Error('boom');
    }, rows);
    expect(o).toMatchObject({ passed: false, metadata: { error: 'boom' } });
    expect(isBlockingFailure({ ...o, blocking: true })).toBe(true);
    expect(isBlockingFailure({ ...o, blocking: true, severity: 'warn' })).toBe(false);
  });
});
