/**
 * Writes a line to stdout.
 *
 * @example
 * print('done');
 */
export function print(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/**
 * Writes a value as JSON (one document) to stdout, for `--json`.
 *
 * @example
 * printJson({ ok: true });
 */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
