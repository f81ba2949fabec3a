import type { OutputIssueLike, OutputSchema } from './output-schema';

/** One offending row (or the value itself when `index` is undefined) and why it failed. */
export interface OutputViolation {
  /** Position in the array; undefined when the value is not validated row by row. */
  readonly index: number | undefined;
  /** Dotted path inside the row (or value), e.g. `amount` or `items[2].sku`; '' for the row itself. */
  readonly path: string;
  readonly message: string;
}

/** The outcome of `validateOutput`: `ok`, or a bounded, readable description of what failed. */
export type OutputValidation =
  | { readonly ok: true; readonly rowsChecked: number }
  | {
      readonly ok: false;
      /** Rows validated (1 for a non-array value). */
      readonly rowsChecked: number;
      /** How many rows failed in total (1 for a non-array value). */
      readonly failedCount: number;
      /** The first `maxViolations` offending rows, in order. */
      readonly violations: readonly OutputViolation[];
      /** Multi-line text: what failed, where, the first rows and the total count. */
      readonly report: string;
    };

export interface ValidateOutputOptions {
  /** How many offending rows the report lists; default 5. */
  readonly maxViolations?: number;
  /** Used in the report's first line, e.g. `Asset "raw/orders" partition "2024-01-01"`. */
  readonly label?: string;
}

const MAX_ISSUES_PER_ROW = 3;

/** `['items', 2, 'sku']` → `items[2].sku`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** A short JSON preview of a row for reports (at most 120 characters). */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The first few issues of one row, as violations. */
export function rowIssues(index: number | undefined, issues: readonly OutputIssueLike[]): OutputViolation[] {
  return issues.slice(0, MAX_ISSUES_PER_ROW).map((issue) => ({ index, path: formatIssuePath(issue.path), message: issue.message }));
}

/**
 * Validates a value against an output schema and returns a report a person can read: which path
 * failed and why, the first few offending rows with their index and how many rows failed in total.
 * Arrays are validated element by element with the element schema, so 100,000 bad rows cost a
 * counter, not 100,000 issue objects.
 *
 * @example
 * const result = validateOutput(z.array(z.object({ id: z.number() })), [{ id: 1 }, { id: 'x' }]);
 * if (!result.ok) console.log(result.report);
 * // Output failed validation: 1 of 2 rows failed
 * //   row 1: id: Invalid input: expected number, received string  (row: {"id":"x"})
 */
export function validateOutput(schema: OutputSchema, value: unknown, options: ValidateOutputOptions = {}): OutputValidation {
  const max = options.maxViolations ?? 5;
  const label = options.label ? `${options.label}: output` : 'Output';
  const def = schema._zod.def;
  const element = def.type === 'array' ? (def.element as OutputSchema | undefined) : undefined;

  if (element && Array.isArray(value)) {
    const violations: OutputViolation[] = [];
    const rows: { index: number; value: unknown }[] = [];
    let failed = 0;
    for (let i = 0; i < value.length; i++) {
      const r = element.safeParse(value[i]);
      if (r.success) continue;
      failed++;
      if (rows.length < max) {
        rows.push({ index: i, value: value[i] });
        violations.push(...rowIssues(i, r.error.issues));
      }
    }
    if (failed === 0) {
      // Rows are fine; array-level checks (min/max length) still apply.
      if (!def.checks || def.checks.length === 0) return { ok: true, rowsChecked: value.length };
      const whole = schema.safeParse(value);
      if (whole.success) return { ok: true, rowsChecked: value.length };
      const issues = rowIssues(undefined, whole.error.issues);
      return { ok: false, rowsChecked: value.length, failedCount: 1, violations: issues, report: describeWhole(label, issues) };
    }
    const lines = [`${label} failed validation: ${failed} of ${value.length} rows failed`];
    for (const row of rows) {
      const issues = violations.filter((v) => v.index === row.index);
      const what = issues.map((v) => `${v.path || '(row)'}: ${v.message}`).join('; ');
      lines.push(`  row ${row.index}: ${what}  (row: ${preview(row.value)})`);
    }
    if (failed > rows.length) lines.push(`  ... and ${failed - rows.length} more failing row${failed - rows.length === 1 ? '' : 's'}`);
    return { ok: false, rowsChecked: value.length, failedCount: failed, violations, report: lines.join('\n') };
  }

  const r = schema.safeParse(value);
  if (r.success) return { ok: true, rowsChecked: 1 };
  const issues = r.error.issues.slice(0, max).map((issue) => ({ index: undefined, path: formatIssuePath(issue.path), message: issue.message }));
  const report = describeWhole(label, issues, r.error.issues.length);
  return { ok: false, rowsChecked: 1, failedCount: 1, violations: issues, report };
}

function describeWhole(label: string, issues: readonly OutputViolation[], total = issues.length): string {
  const lines = [`${label} failed validation: ${total} issue${total === 1 ? '' : 's'}`];
  for (const v of issues) lines.push(`  ${v.path || '(value)'}: ${v.message}`);
  if (total > issues.length) lines.push(`  ... and ${total - issues.length} more`);
  return lines.join('\n');
}
