/**
 * `baton init` / `create-baton` would overwrite something: names the file, says what to do. Exit code 2.
 *
 * @example
 * throw new InitConflictError('/app/baton.config.ts', 'baton.config.ts already exists', 'move it away or init another folder');
 */
export class InitConflictError extends Error {
  override readonly name = 'InitConflictError';
  readonly exitCode = 2;

  constructor(
    /** The absolute path of the file in the way. */
    readonly file: string,
    message: string,
    readonly hint: string,
  ) {
    super(`${message}; ${hint}`);
  }
}
