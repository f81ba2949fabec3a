import { UsageError } from './usage-error';

/** BatonError codes that mean the user's input was wrong (exit 2), not that something broke (exit 1). */
const BAD_INPUT_CODES = new Set([
  'ASSET_NOT_FOUND',
  'SELECTION_SYNTAX_ERROR',
  'SELECTION_EMPTY',
  'PARTITION_KEY_INVALID',
  'PARTITION_RANGE_INVALID',
  'CONFIG_INVALID',
  'INPUT_INVALID',
  'RUN_NOT_FOUND',
  'RUN_STATE_CONFLICT',
  'BACKFILL_NOT_FOUND',
  'AUTOMATION_NOT_FOUND',
  'PLAN_INVALID',
  'STORAGE_CONFIG_INVALID',
]);

/** Definition errors: the project's code is wrong (exit 2 as well: fix the file and retry). */
const DEFINITION_CODES = new Set(['INVALID_ASSET_KEY', 'DUPLICATE_ASSET_KEY', 'UNKNOWN_ASSET_KEY', 'DEPENDENCY_CYCLE', 'INVALID_DEFINITION', 'PARTITIONS_DEFINITION_INVALID', 'PARTITION_MAPPING_INVALID']);

/**
 * A BatonError's code, read by shape: definitions loaded in a fresh tsx namespace carry their own
 * copy of @baton/core, so `instanceof` is not enough.
 *
 * @example
 * errorCode(new BatonError('ASSET_NOT_FOUND', 'x')) // 'ASSET_NOT_FOUND'
 */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; code?: unknown };
  return (e.name === 'BatonError' || e.name === 'DefinitionsLoadError') && typeof e.code === 'string' ? e.code : undefined;
}

/**
 * The exit code for an error: 2 for bad input (usage, selection, partition keys, definitions), 1 otherwise.
 *
 * @example
 * exitCodeFor(new UsageError('bad')) // 2
 */
export function exitCodeFor(error: unknown): 1 | 2 {
  if (error instanceof UsageError) return 2;
  const code = errorCode(error);
  if (code && (BAD_INPUT_CODES.has(code) || DEFINITION_CODES.has(code))) return 2;
  return 1;
}
