import type { CheckFn, CheckFnResult } from './check';

const notRows = (value: unknown): CheckFnResult => ({ passed: false, metadata: { error: `expected an array of rows, got ${value === null ? 'null' : typeof value}` } });

/**
 * Passes when the value (an array of rows) has between `min` and `max` rows (inclusive).
 *
 * @example
 * check({ name: 'not_empty', asset: orders, severity: 'error', fn: rowCount({ min: 1 }) });
 */
export function rowCount(bounds: { readonly min?: number; readonly max?: number }): CheckFn<unknown> {
  return (_ctx, value) => {
    if (!Array.isArray(value)) return notRows(value);
    const rows = value.length;
    const passed = (bounds.min === undefined || rows >= bounds.min) && (bounds.max === undefined || rows <= bounds.max);
    return { passed, metadata: { rowCount: rows, ...(bounds.min !== undefined ? { min: bounds.min } : {}), ...(bounds.max !== undefined ? { max: bounds.max } : {}) } };
  };
}

/**
 * Passes when no row has `null` or `undefined` in `column`; metadata counts them and lists the first indexes.
 *
 * @example
 * check({ name: 'email_present', asset: users, severity: 'warn', fn: noNulls('email') });
 */
export function noNulls(column: string): CheckFn<unknown> {
  return (_ctx, value) => {
    if (!Array.isArray(value)) return notRows(value);
    let nulls = 0;
    const first: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const cell = (value[i] as Record<string, unknown> | null | undefined)?.[column];
      if (cell === null || cell === undefined) {
        nulls++;
        if (first.length < 5) first.push(i);
      }
    }
    return { passed: nulls === 0, metadata: { column, nullCount: nulls, firstRows: first } };
  };
}

/**
 * Passes when the key (one column or several together) is unique across rows; metadata counts
 * duplicate rows and shows the first duplicated keys.
 *
 * @example
 * check({ name: 'unique_id', asset: orders, severity: 'error', blocking: true, fn: uniqueKeys('id') });
 */
export function uniqueKeys(columns: string | readonly string[]): CheckFn<unknown> {
  const cols = typeof columns === 'string' ? [columns] : [...columns];
  return (_ctx, value) => {
    if (!Array.isArray(value)) return notRows(value);
    const seen = new Set<string>();
    let duplicates = 0;
    const examples: string[] = [];
    for (const row of value) {
      const r = (row ?? {}) as Record<string, unknown>;
      const key = cols.length === 1 ? JSON.stringify(r[cols[0]!]) : JSON.stringify(cols.map((c) => r[c]));
      if (seen.has(key)) {
        duplicates++;
        if (examples.length < 5) examples.push(key);
      } else seen.add(key);
    }
    return { passed: duplicates === 0, metadata: { columns: cols, duplicateCount: duplicates, examples } };
  };
}

/**
 * Passes when the checked materialization is at most `maxAgeMs` old at evaluation time
 * (useful when checks run alone on stored values, e.g. from a schedule).
 *
 * @example
 * check({ name: 'fresh', asset: orders, severity: 'warn', fn: freshness({ maxAgeMs: 6 * 3600_000 }) });
 */
export function freshness(options: { readonly maxAgeMs: number }): CheckFn<unknown> {
  return (ctx) => {
    const at = ctx.materialization?.timestamp;
    if (at === undefined) return { passed: false, metadata: { error: 'no materialization', maxAgeMs: options.maxAgeMs } };
    const ageMs = ctx.now - at;
    return { passed: ageMs <= options.maxAgeMs, metadata: { ageMs, maxAgeMs: options.maxAgeMs, materializedAt: at } };
  };
}
