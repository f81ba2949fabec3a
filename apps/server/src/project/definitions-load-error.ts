/**
 * A project's definitions could not be loaded: a syntax error, a definition error thrown by
 * `definitions()` (cycle, duplicate key, unknown upstream), or a module exporting no definitions.
 * The message names the file; the original error's code is kept (`DEPENDENCY_CYCLE`, …).
 *
 * @example
 * throw new DefinitionsLoadError('INVALID_DEFINITION', 'baton.config.ts exports no definitions', { file: 'baton.config.ts' });
 */
export class DefinitionsLoadError extends Error {
  override readonly name = 'DefinitionsLoadError';
  readonly code: string;
  readonly file: string;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: { file: string; hint?: string; details?: Record<string, unknown>; cause?: unknown }) {
    super(options.hint ? `${message}; ${options.hint}` : message, options.cause ? { cause: options.cause } : undefined);
    this.code = code;
    this.file = options.file;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }

  toJSON(): { code: string; message: string; file: string; hint?: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, file: this.file, ...(this.hint ? { hint: this.hint } : {}), details: this.details };
  }
}
