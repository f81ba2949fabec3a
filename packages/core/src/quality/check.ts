import type { AssetDefinition } from '../assets/asset-definition';
import { assertAssetKey } from '../assets/asset-key';
import { BatonError } from '../errors/baton-error';
import type { MaterializationRecord } from '../records/materialization-record';

/** How bad a failing check is: `warn` is reported, `error` marks the asset as failing its checks. */
export type CheckSeverity = 'warn' | 'error';

/** What a check function receives besides the value. */
export interface CheckContext {
  readonly assetKey: string;
  /** null for unpartitioned assets. */
  readonly partitionKey: string | null;
  /** The run evaluating the check (null when checks run alone outside a run). */
  readonly runId: string | null;
  /** Epoch ms at evaluation. */
  readonly now: number;
  /** The materialization the value belongs to (the one just written, or the latest stored). */
  readonly materialization: MaterializationRecord | undefined;
}

/** What a check function returns: a boolean, or `passed` with metadata (counts, offending keys). */
export type CheckFnResult = boolean | { readonly passed: boolean; readonly metadata?: Readonly<Record<string, unknown>> };

/** The function of a check: the asset's value in, pass/fail out. */
export type CheckFn<TValue> = (ctx: CheckContext, value: TValue) => CheckFnResult | Promise<CheckFnResult>;

/** A declared asset check, as `check()` produces it. */
export interface CheckDefinition<TValue = unknown> {
  readonly kind: 'CheckDefinition';
  /** Unique per asset. */
  readonly name: string;
  readonly assetKey: string;
  readonly severity: CheckSeverity;
  /** A failing blocking check with severity `error` stops the asset's downstream steps in that run. */
  readonly blocking: boolean;
  readonly description: string | undefined;
  readonly fn: CheckFn<TValue>;
}

export interface CheckOptions<TValue> {
  readonly name: string;
  /** The checked asset: its definition (the value is then typed) or its key. */
  readonly asset: AssetDefinition<TValue, any, any> | string;
  readonly severity: CheckSeverity;
  /** Default false. */
  readonly blocking?: boolean;
  readonly description?: string;
  readonly fn: CheckFn<TValue>;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Declares a check on an asset's value. Checks run after each materialization in the same run
 * (once per partition materialized) and alone with `runChecks` / `baton check`.
 *
 * @example
 * const positive = check({
 *   name: 'amounts_positive',
 *   asset: orders,
 *   severity: 'error',
 *   blocking: true,
 *   fn: (_ctx, rows) => ({ passed: rows.every((r) => r.amount > 0), metadata: { rows: rows.length } }),
 * });
 */
export function check<TValue>(options: CheckOptions<TValue>): CheckDefinition<TValue> {
  if (typeof options !== 'object' || options === null) {
    throw new BatonError('INVALID_DEFINITION', 'check() needs an options object', { hint: 'e.g. check({ name: "not_empty", asset: orders, severity: "error", fn: rowCount({ min: 1 }) })' });
  }
  const assetKey = typeof options.asset === 'string' ? assertAssetKey(options.asset, `check "${options.name}"`) : (options.asset as { key?: unknown })?.key;
  if (typeof assetKey !== 'string') {
    throw new BatonError('INVALID_DEFINITION', `Check "${String(options.name)}": asset is neither an asset definition nor an asset key`, {
      hint: 'pass the asset definition (e.g. orders) or its key ("raw/orders")',
    });
  }
  const where = `Check "${String(options.name)}" of asset "${assetKey}"`;
  if (typeof options.name !== 'string' || !NAME.test(options.name)) {
    throw new BatonError('INVALID_DEFINITION', `${where}: invalid name`, { hint: 'names are letters, digits, "_", "-" and ".", e.g. "amounts_positive"', details: { assetKey } });
  }
  if (options.severity !== 'warn' && options.severity !== 'error') {
    throw new BatonError('INVALID_DEFINITION', `${where}: severity must be "warn" or "error", got ${JSON.stringify(options.severity)}`, {
      hint: 'severity: "error" fails the asset\'s checks; "warn" only reports',
      details: { assetKey, checkName: options.name },
    });
  }
  if (typeof options.fn !== 'function') {
    throw new BatonError('INVALID_DEFINITION', `${where} has no fn`, { hint: 'pass fn: (ctx, value) => boolean, or a built-in such as rowCount({ min: 1 })', details: { assetKey, checkName: options.name } });
  }
  if (options.blocking !== undefined && typeof options.blocking !== 'boolean') {
    throw new BatonError('INVALID_DEFINITION', `${where}: blocking must be true or false`, { hint: 'blocking: true stops downstream steps when the check fails', details: { assetKey } });
  }
  return Object.freeze({
    kind: 'CheckDefinition',
    name: options.name,
    assetKey,
    severity: options.severity,
    blocking: options.blocking ?? false,
    description: options.description,
    fn: options.fn,
  });
}

/** True for a check definition. */
check.is = (value: unknown): value is CheckDefinition =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'CheckDefinition';
