/**
 * Check metadata as one short line of `key=value` pairs (values as compact JSON), cut at `max`
 * characters with an ellipsis.
 *
 * @example
 * formatMetadata({ nullCount: 2, firstRows: [3, 9] }) // 'nullCount=2 firstRows=[3,9]'
 */
export function formatMetadata(metadata: Readonly<Record<string, unknown>>, max = 60): string {
  const text = Object.entries(metadata)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
