import { errorCode } from './exit-code';
import { UsageError } from './usage-error';

/**
 * Prints an error on stderr: one line (`baton: <message>`), or with `--json` one JSON line
 * `{"error":{"code","message","hint"}}` carrying the BatonError code, the same code the API answers
 * with (`INPUT_INVALID` for a command-line mistake, `INTERNAL` for an unexpected error). Unexpected errors
 * get their stack with `--verbose`.
 *
 * @example
 * printError(new Error('boom'), false); // "baton: boom"
 */
export function printError(error: unknown, verbose: boolean, json = false): void {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
  const code = errorCode(error);
  if (json) {
    const hint = (error as { hint?: unknown }).hint;
    process.stderr.write(`${JSON.stringify({ error: { code: code ?? (error instanceof UsageError ? 'INPUT_INVALID' : 'INTERNAL'), message: line, hint: typeof hint === 'string' ? hint : null } })}\n`);
  } else {
    process.stderr.write(`baton: ${line}\n`);
  }
  const expected = error instanceof UsageError || code !== undefined;
  if (verbose && !expected && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}
