/**
 * A plain-text table with a header row and columns padded to their widest cell.
 *
 * @example
 * formatTable(['asset', 'status'], [['raw/orders', 'fresh']])
 * // 'ASSET       STATUS\nraw/orders  fresh'
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header.map((h) => h.toUpperCase()), ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n');
}
