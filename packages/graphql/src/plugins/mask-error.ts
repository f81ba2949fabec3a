import { BatonError } from '@baton/core';
import { GraphQLError } from 'graphql';

/**
 * Error masking: a BatonError keeps its message with `extensions.code`, hint and details; a
 * GraphQLError we raised with a code passes through; anything else becomes "Unexpected error."
 * with code INTERNAL (the original goes to `onUnexpected`). graphql's own errors pass unchanged.
 *
 * @example
 * createYoga({ maskedErrors: { maskError: createMaskError(console.error) } });
 */
export function createMaskError(onUnexpected: (error: unknown) => void) {
  return (error: unknown, message: string): Error => {
    const gql = isGraphQLError(error) ? error : undefined;
    const original = gql?.originalError ?? error;
    const where = gql ? { nodes: gql.nodes ?? null, path: gql.path ?? null, ...(gql.source ? { source: gql.source } : {}), positions: gql.positions ?? null } : {};
    if (BatonError.is(original) && !original.code.startsWith('STORAGE_') && original.code !== 'INTERNAL') {
      return new GraphQLError(original.message, {
        ...where,
        extensions: { code: original.code, ...(original.hint ? { hint: original.hint } : {}), details: original.details },
      });
    }
    if (gql && !gql.originalError) return gql; // graphql's own errors (validation, coercion) and ours
    if (isGraphQLError(original)) return new GraphQLError(original.message, { ...where, extensions: original.extensions });
    onUnexpected(original);
    return new GraphQLError(message, { ...where, extensions: { code: 'INTERNAL' } });
  };
}

/** graphql may be loaded twice (its ESM and CJS builds), so errors are recognised by name, not instanceof. */
function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof GraphQLError || (value instanceof Error && value.name === 'GraphQLError');
}
