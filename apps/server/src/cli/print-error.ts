import { errorCode } from './exit-code';
import { UsageError } from './usage-error';

/**
 * Prints an error as one line on stderr (`baton: <message>`); unexpected errors get their stack
 * with `--verbose`.
 *
 * @example
 * printError(new Error('boom'), false); // "baton: boom"
 */
export function printError(error: unknown, verbose: boolean): void {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
  process.stderr.write(`baton: ${line}\n`);
  const expected = error instanceof UsageError || errorCode(error) !== undefined;
  if (verbose && !expected && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}
