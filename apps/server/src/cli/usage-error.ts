/**
 * A mistake in how the command was called (unknown flag value, --from after --to, bad duration):
 * printed as one line with its hint, exit code 2.
 *
 * @example
 * throw new UsageError('--older-than "3x" is not a duration', 'use a number and a unit, e.g. 30d or 12h');
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(hint ? `${message}; ${hint}` : message);
    this.hint = hint;
  }
}
