import { BATON_ERROR_CODES, BatonError, type BatonErrorCode } from '@baton/core';
import type { ObjectRef } from '@pothos/core';
import { builder } from './builder';

/** An expected failure returned as data by a mutation. */
export interface UserErrorShape {
  readonly __userError: true;
  readonly code: BatonErrorCode;
  readonly message: string;
  readonly hint: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export const ErrorCode = builder.enumType('ErrorCode', {
  description: 'Baton error codes (the same list as BatonError in @baton/core).',
  values: Object.fromEntries(BATON_ERROR_CODES.map((c) => [c, { value: c }])) as Record<BatonErrorCode, { value: BatonErrorCode }>,
});

export const UserError = builder.interfaceRef<UserErrorShape>('UserError').implement({
  description: 'An expected failure: what was wrong, where, and what to do (hint).',
  fields: (t) => ({
    code: t.field({ type: ErrorCode, resolve: (e) => e.code }),
    message: t.exposeString('message'),
    hint: t.exposeString('hint', { nullable: true }),
    details: t.field({ type: 'JSON', resolve: (e) => e.details }),
  }),
});

/** Which concrete error type each code becomes. */
const TYPE_OF_CODE: Partial<Record<BatonErrorCode, string>> = {
  ASSET_NOT_FOUND: 'AssetNotFoundError',
  UNKNOWN_ASSET_KEY: 'AssetNotFoundError',
  PARTITION_KEY_INVALID: 'InvalidPartitionError',
  PARTITION_RANGE_INVALID: 'InvalidPartitionError',
  PARTITIONS_DEFINITION_INVALID: 'InvalidPartitionError',
  SELECTION_SYNTAX_ERROR: 'InvalidSelectionError',
  SELECTION_EMPTY: 'InvalidSelectionError',
  RUN_NOT_FOUND: 'NotFoundError',
  BACKFILL_NOT_FOUND: 'NotFoundError',
  AUTOMATION_NOT_FOUND: 'NotFoundError',
  RUN_STATE_CONFLICT: 'StateConflictError',
};

export const userErrorTypeName = (e: UserErrorShape): string => TYPE_OF_CODE[e.code] ?? 'InvalidInputError';

const errorType = (name: string, description: string) =>
  builder.objectRef<UserErrorShape>(name).implement({
    description,
    interfaces: [UserError],
    isTypeOf: (v) => (v as UserErrorShape).__userError === true && userErrorTypeName(v as UserErrorShape) === name,
  });

export const AssetNotFoundError = errorType('AssetNotFoundError', 'An asset key that is not defined (the hint suggests the nearest key).');
export const InvalidPartitionError = errorType('InvalidPartitionError', 'A partition key or range that does not exist for the asset.');
export const InvalidSelectionError = errorType('InvalidSelectionError', 'A selection with a syntax error, or one that matches no assets.');
export const NotFoundError = errorType('NotFoundError', 'A run, backfill, schedule or sensor that does not exist (the hint suggests the nearest name).');
export const StateConflictError = errorType('StateConflictError', 'The run or backfill is not in a state that allows this (e.g. canceling a finished run).');
export const InvalidInputError = errorType('InvalidInputError', 'Any other expected failure (invalid plan, no definitions loaded, …).');

/** The error members every result union includes. */
export const USER_ERROR_TYPES = [AssetNotFoundError, InvalidPartitionError, InvalidSelectionError, NotFoundError, StateConflictError, InvalidInputError] as const;

/** A BatonError as a typed result member. */
export function userError(error: BatonError): UserErrorShape {
  return { __userError: true, code: error.code, message: error.message, hint: error.hint ?? null, details: error.details };
}

/**
 * Runs a mutation body: expected failures (BatonError other than INTERNAL / storage faults)
 * become typed error objects; anything else propagates (and is masked).
 */
export async function asResult<T>(fn: () => Promise<T>): Promise<T | UserErrorShape> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof BatonError && error.code !== 'INTERNAL' && !error.code.startsWith('STORAGE_')) return userError(error);
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    if (typeof code === 'string' && (BATON_ERROR_CODES as readonly string[]).includes(code) && code !== 'INPUT_INVALID') {
      return userError(new BatonError(code as BatonErrorCode, (error as Error).message, { details: {} }));
    }
    throw error;
  }
}

/** Builds a union `<name>` of a success type and every user error type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resultUnion<T extends object>(name: string, success: ObjectRef<any, T>, description: string) {
  return builder.unionType(name, {
    description,
    types: [success, ...USER_ERROR_TYPES],
    resolveType: (value) => ((value as UserErrorShape).__userError ? userErrorTypeName(value as UserErrorShape) : success.name),
  });
}
