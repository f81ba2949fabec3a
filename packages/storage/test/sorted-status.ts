import type { PartitionStatusColumns } from '@baton/core';

/** partitionStatus returns columns in storage order; tests compare them sorted by key. */
export function sortedStatus(columns: PartitionStatusColumns): PartitionStatusColumns {
  expect(columns.keys.length).toBe(columns.states.length);
  const order = columns.keys.map((_, i) => i).sort((a, b) => (columns.keys[a]! < columns.keys[b]! ? -1 : 1));
  return { keys: order.map((i) => columns.keys[i]!), states: order.map((i) => columns.states[i]!) };
}
import { expect } from 'vitest';
