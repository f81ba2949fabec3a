import type { AutomationTick } from '@baton/core';
import type { AssetEvaluation } from './evaluate-conditions';

/** What a conditions tick stores as `evaluation`. */
export interface ConditionsTickEvaluation {
  readonly kind: 'conditions';
  readonly assets: readonly AssetEvaluation[];
}

const fmt = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const inRange = (key: string, [first, last]: readonly [string, string]) => key === first || key === last || (first < key && key < last);

/**
 * The latest automation evaluation of `assetKey` in plain words, from stored ticks (newest first, as
 * `storage.listTicks('__conditions')` returns them): one line per group of partitions, or only the
 * line of `partitionKey`. For `baton explain --automation <asset>`, the API and the asset page.
 *
 * @example
 * const { items } = await storage.listTicks('__conditions', { limit: 20 });
 * explainAutomation('clean/orders', items);
 * // 'clean/orders at 2026-03-02T09:00Z: not requested: upstream `raw/orders` partition 2026-03-01 is missing'
 */
export function explainAutomation(assetKey: string, ticks: readonly AutomationTick[], partitionKey?: string): string {
  for (const tick of ticks) {
    const ev = tick.evaluation as Partial<ConditionsTickEvaluation> | null;
    const asset = ev?.assets?.find((a) => a.assetKey === assetKey);
    if (!asset) continue;
    const head = `${assetKey} at ${fmt(tick.timestamp)}`;
    if (!asset.partitioned) return `${head}: ${asset.groups[0]?.reason ?? 'not evaluated'}`;
    if (partitionKey !== undefined) {
      const g = asset.groups.find((x) => x.ranges.some((r) => inRange(partitionKey, r)));
      return g ? `${head}, partition ${partitionKey}: ${g.reason}` : `${head}: partition ${partitionKey} was not evaluated`;
    }
    const lines = asset.groups.map((g) => {
      const where = g.ranges.length === 1 && g.ranges[0]![0] === g.ranges[0]![1] ? `partition ${g.ranges[0]![0]}` : `${g.count} partition(s) ${g.ranges.slice(0, 3).map(([a, b]) => (a === b ? a : `${a}…${b}`)).join(', ')}${g.ranges.length > 3 ? ', …' : ''}`;
      return `  ${where}: ${g.reason}`;
    });
    return `${head}: ${asset.requestedCount} of ${asset.total} partition(s) requested\n${lines.join('\n')}`;
  }
  return `${assetKey}: no automation evaluation recorded (does it have an automation condition, and is the daemon running?)`;
}
