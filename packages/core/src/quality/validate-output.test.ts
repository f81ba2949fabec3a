import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateOutput } from './validate-output';

const Row = z.object({ id: z.number().int(), name: z.string(), amount: z.number().nonnegative() });

describe('validateOutput', () => {
  it('passes a plain value and fails it with the path', () => {
    const schema = z.object({ total: z.number(), currency: z.enum(['EUR', 'USD']) });
    expect(validateOutput(schema, { total: 1, currency: 'EUR' })).toEqual({ ok: true, rowsChecked: 1 });
    const bad = validateOutput(schema, { total: 'x', currency: 'GBP' }, { label: 'Asset "a"' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.report).toContain('Asset "a": output failed validation: 2 issues');
    expect(bad.report).toContain('total:');
    expect(bad.report).toContain('currency:');
    expect(bad.violations.map((v) => v.path)).toEqual(['total', 'currency']);
  });

  it('passes a large valid array', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `n${i}`, amount: i }));
    expect(validateOutput(z.array(Row), rows)).toEqual({ ok: true, rowsChecked: 20_000 });
  });

  it('truncates the report of a large failing array to the first rows and counts all of them', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: i, name: `n${i}`, amount: i % 3 === 0 ? -1 : i }));
    const r = validateOutput(z.array(Row), rows);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failedCount).toBe(3334);
    expect(r.rowsChecked).toBe(10_000);
    expect(r.violations.map((v) => v.index)).toEqual([0, 3, 6, 9, 12]);
    expect(r.violations[0]!.path).toBe('amount');
    const lines = r.report.split('\n');
    expect(lines[0]).toBe('Output failed validation: 3334 of 10000 rows failed');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^ {2}row 0: amount: .*\(row: \{"id":0,"name":"n0","amount":-1\}\)$/);
    expect(lines[6]).toBe('  ... and 3329 more failing rows');
  });

  it('reports nested paths and honours maxViolations', () => {
    const schema = z.array(z.object({ items: z.array(z.object({ sku: z.string() })) }));
    const r = validateOutput(schema, [{ items: [{ sku: 'a' }, { sku: 2 }] }, { items: [] }, { items: [{ sku: 3 }] }], { maxViolations: 1 });
    if (r.ok) throw new Error('expected failure');
    expect(r.violations).toEqual([{ index: 0, path: 'items[1].sku', message: expect.any(String) }]);
    expect(r.failedCount).toBe(2);
    expect(r.report).toContain('... and 1 more failing row');
  });

  it('applies array-level checks when every row is valid', () => {
    const r = validateOutput(z.array(Row).min(2), [{ id: 1, name: 'a', amount: 1 }]);
    expect(r.ok).toBe(false);
    const notArray = validateOutput(z.array(Row), { rows: [] });
    expect(notArray.ok).toBe(false);
  });

  it('validates 100,000 rows of a 10-field schema quickly', () => {
    const schema = z.array(z.object(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, i % 2 ? z.number() : z.string()]))));
    const rows = Array.from({ length: 100_000 }, (_, r) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, i % 2 ? r : `v${r}`])));
    validateOutput(schema, rows.slice(0, 1000));
    const start = performance.now();
    expect(validateOutput(schema, rows).ok).toBe(true);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
