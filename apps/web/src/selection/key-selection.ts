/**
 * The selection text that picks exactly one asset: its key, quoted when it holds characters the
 * selection syntax would read as operators.
 *
 * @example
 * keySelection('raw/users'); // 'raw/users'
 */
export function keySelection(key: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(key) ? key : JSON.stringify(key);
}
