/**
 * The closed list of error codes. Every expected failure in Baton carries one,
 * so the API can map it to `extensions.code` and the CLI to an exit code.
 */
export const BATON_ERROR_CODES = [
  // definitions
  'INVALID_ASSET_KEY',
  'DUPLICATE_ASSET_KEY',
  'UNKNOWN_ASSET_KEY',
  'DEPENDENCY_CYCLE',
  'INVALID_DEFINITION',
  'ASSET_NOT_FOUND',
  // partitions
  'PARTITIONS_DEFINITION_INVALID',
  'PARTITION_KEY_INVALID',
  'PARTITION_RANGE_INVALID',
  'PARTITION_MAPPING_INVALID',
  // selection
  'SELECTION_SYNTAX_ERROR',
  'SELECTION_EMPTY',
  // config and input
  'CONFIG_INVALID',
  'INPUT_INVALID',
  // IO managers and SQL assets
  'IO_SCHEMA_INCOMPATIBLE',
  'SQL_FAILED',
  // storage
  'STORAGE_CONFIG_INVALID',
  'STORAGE_UNAVAILABLE',
  'STORAGE_SCHEMA_TOO_NEW',
  'STORAGE_CORRUPT',
  'STORAGE_READ_ONLY',
  // runs
  'RUN_NOT_FOUND',
  'BACKFILL_NOT_FOUND',
  // automation
  'AUTOMATION_NOT_FOUND',
  'RUN_STATE_CONFLICT',
  'PLAN_INVALID',
  // anything else
  'INTERNAL',
] as const;

export type BatonErrorCode = (typeof BATON_ERROR_CODES)[number];

export interface BatonErrorOptions {
  /** What the user can do about it, e.g. "did you mean `raw/orders`?". Appended to the message. */
  readonly hint?: string;
  /** Structured facts (asset keys, positions, the cycle path) for the API and tests. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * The one error class Baton throws for misuse and bad input.
 *
 * @example
 * throw new BatonError('PARTITION_KEY_INVALID', 'Partition key "2024-13-01" is not a valid key of asset "raw/orders"', {
 *   hint: 'keys look like 2024-01-31',
 *   details: { assetKey: 'raw/orders', partitionKey: '2024-13-01' },
 * });
 */
export class BatonError extends Error {
  override readonly name = 'BatonError';
  readonly code: BatonErrorCode;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: BatonErrorCode, message: string, options: BatonErrorOptions = {}) {
    super(options.hint ? `${message}. ${options.hint}` : message, options.cause ? { cause: options.cause } : undefined);
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }

  /** True for a BatonError, optionally of the given code. */
  static is(value: unknown, code?: BatonErrorCode): value is BatonError {
    return value instanceof BatonError && (code === undefined || value.code === code);
  }

  /**
   * Normalises anything thrown into a BatonError; unknown errors become `INTERNAL`
   * with the original as `cause`.
   *
   * @example
   * try { run() } catch (e) { const err = BatonError.from(e); console.error(err.code, err.message) }
   */
  static from(value: unknown): BatonError {
    if (value instanceof BatonError) return value;
    if (value instanceof Error) return new BatonError('INTERNAL', value.message, { cause: value });
    return new BatonError('INTERNAL', String(value), { cause: value });
  }

  toJSON(): { code: BatonErrorCode; message: string; hint?: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}), details: this.details };
  }
}
