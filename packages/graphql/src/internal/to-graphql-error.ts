import { BatonError, type BatonErrorCode } from '@baton/core';
import { GraphQLError } from 'graphql';

/** A GraphQLError carrying a BatonError's code, hint and details in `extensions`. */
export function toGraphQLError(error: BatonError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, ...(error.hint ? { hint: error.hint } : {}), details: error.details },
  });
}

/** Throws a GraphQLError with `extensions.code` (for bad input to queries and mutations). */
export function inputError(code: BatonErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** Runs `fn`, turning a thrown BatonError into a GraphQLError with its code (others propagate and get masked). */
export async function mapBatonErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof BatonError) throw toGraphQLError(error);
    throw error;
  }
}
