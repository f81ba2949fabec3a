import type { z } from 'zod';
import { inputError } from './to-graphql-error';

/**
 * Parses `value` with a zod schema; on failure throws a GraphQLError with `extensions.code`
 * INPUT_INVALID and a message naming the argument path and what was wrong.
 */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [what, ...issue.path.map(String)].join('.');
  throw inputError('INPUT_INVALID', `Invalid ${path}: ${issue.message}`, {
    issues: result.error.issues.map((i) => ({ path: [what, ...i.path.map(String)].join('.'), message: i.message })),
  });
}
