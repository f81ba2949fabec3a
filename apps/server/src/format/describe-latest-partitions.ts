import type { Plan } from '@baton/planner';
import { formatRanges } from './format-partitions';

/** The partitions a plan chose because none were named (`'latest'`), per partitioned asset. */
export interface LatestPartitions {
  readonly chosen: 'latest';
  readonly assets: readonly { readonly assetKey: string; readonly ranges: readonly (readonly [string, string])[] }[];
}

/**
 * What `baton materialize`/`plan` chose when no partition was named, or undefined when partitions
 * were named (or nothing selected is partitioned).
 *
 * @example
 * latestPartitions(plan) // { chosen: 'latest', assets: [{ assetKey: 'raw/orders', ranges: [['2026-01-05', '2026-01-07']] }] }
 */
export function latestPartitions(plan: Plan): LatestPartitions | undefined {
  if (plan.request['partitions'] !== 'latest') return undefined;
  const assets = plan.summary.assets.filter((a) => a.partitionsDefinitionId !== null && a.ranges.length > 0).map((a) => ({ assetKey: a.assetKey, ranges: a.ranges }));
  return { chosen: 'latest', assets };
}

/**
 * The plain line saying which partitions were chosen and how to pick others.
 *
 * @example
 * describeLatestPartitions(choice) // 'No partition named, so the latest: raw/orders 2026-01-05…2026-01-07, … Pick others with --partition <key> or --from <key> --to <key>.'
 */
export function describeLatestPartitions(choice: LatestPartitions): string {
  const parts = choice.assets.map((a) => `${a.assetKey} ${formatRanges(a.ranges)}`);
  const what = parts.length > 0 ? parts.join(', ') : 'none exists yet';
  return `No partition named, so the latest (with the upstream partitions it reads): ${what}. Pick others with --partition <key> or --from <key> --to <key>.`;
}
