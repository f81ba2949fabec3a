import type { RunPartitionTarget } from '@baton/core';

/**
 * A run's partition target in a few characters: `—`, `2024-01-01`, `2024-01-01…2024-01-31`, `3 keys`.
 *
 * @example
 * formatPartitionTarget({ kind: 'range', start: 'a', end: 'b' }) // 'a…b'
 */
export function formatPartitionTarget(target: RunPartitionTarget): string {
  switch (target.kind) {
    case 'none':
      return '—';
    case 'key':
      return target.key;
    case 'range':
      return `${target.start}…${target.end}`;
    case 'keys':
      return target.keys.length <= 3 ? target.keys.join(', ') : `${target.keys.length} keys`;
  }
}

/**
 * Inclusive key ranges as text: `2024-01-01…2024-01-07, 2024-01-09`.
 *
 * @example
 * formatRanges([['a', 'c'], ['e', 'e']]) // 'a…c, e'
 */
export function formatRanges(ranges: readonly (readonly [string, string])[], max = 3): string {
  const parts = ranges.slice(0, max).map(([a, b]) => (a === b ? a : `${a}…${b}`));
  if (ranges.length > max) parts.push(`+${ranges.length - max} more`);
  return parts.join(', ');
}
