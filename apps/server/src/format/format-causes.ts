import type { StaleCause } from '@baton/planner';

/**
 * A staleness cause chain as an indented tree, one plain sentence per line.
 *
 * @example
 * formatCauses(report.explain('marts/revenue'))
 * // '- "marts/revenue" reads "raw/customers", which is stale\n  - "raw/customers" has a new code version (v1 → v2)'
 */
export function formatCauses(causes: readonly StaleCause[], depth = 0): string[] {
  const lines: string[] = [];
  for (const cause of causes) {
    lines.push(`${'  '.repeat(depth)}- ${cause.reason}`);
    lines.push(...formatCauses(cause.children, depth + 1));
  }
  return lines;
}
