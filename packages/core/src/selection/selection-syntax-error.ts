import { BatonError } from '../errors/baton-error';

/**
 * SELECTION_SYNTAX_ERROR at `offset` (0-based): the message names the 1-based column and what was
 * expected; details carry the text and a caret line pointing at the position.
 */
export function selectionSyntaxError(text: string, offset: number, expected: string, found: string, message?: string, hint?: string): BatonError {
  const column = offset + 1;
  const caret = `${text}\n${' '.repeat(offset)}^`;
  return new BatonError('SELECTION_SYNTAX_ERROR', message ?? `Expected ${expected} at column ${column}, found ${found}`, {
    ...(hint ? { hint } : {}),
    details: { text, column, expected, found, caret },
  });
}
