import type { AutomationCondition } from '@baton/core';
import type { GlobalOptions } from '../cli/global-options';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';

/** How many stored conditions ticks are searched for the asset's latest evaluation. */
const TICKS_SCANNED = 50;

const conditionText = (c: AutomationCondition): string => ('label' in c && c.label ? c.label : `a custom condition (${c.kind}; see --json)`);

/**
 * `baton explain --automation <asset> [--partition k]`: why the automation daemon did or did not
 * request the asset (partition) on its latest evaluation, in plain words (e.g. "not requested:
 * upstream `raw/orders` partition 2026-03-01 is missing"), with its condition and freshness.
 *
 * @example
 * await explainAutomationCommand({}, 'marts/daily_revenue', { partition: '2026-03-01' });
 */
export async function explainAutomationCommand(globals: GlobalOptions, assetKey: string, options: { partition?: string }): Promise<number> {
  const project = await openProject(globals);
  try {
    const def = project.definitions.get(assetKey); // ASSET_NOT_FOUND with did-you-mean
    if (options.partition !== undefined) {
      const snapshot = await project.storage.loadStateSnapshot({ now: Date.now() });
      if (!def.partitions || def.partitions.kind === 'unpartitioned') {
        const { BatonError } = await import('@baton/core');
        throw new BatonError('PARTITION_KEY_INVALID', `Asset "${assetKey}" is not partitioned`, { hint: 'leave out --partition', details: { assetKey } });
      }
      def.partitions.validateKey(options.partition, { now: snapshot.now, dynamicKeys: (name) => snapshot.dynamicPartitions.get(name) ?? [] });
    }
    const { CONDITIONS_NAME, explainAutomation, freshnessOf } = await import('@baton/automation');
    const [ticks, latest] = await Promise.all([project.storage.listTicks(CONDITIONS_NAME, { limit: TICKS_SCANNED }), project.storage.latestMaterializations([assetKey])]);
    const freshness = freshnessOf(def, latest[0], Date.now());
    const evaluation = def.automation ? explainAutomation(assetKey, ticks.items, options.partition) : null;
    if (globals.json) {
      printJson({ assetKey, partitionKey: options.partition ?? null, condition: def.automation ?? null, evaluation, freshness });
      return 0;
    }
    if (!def.automation) {
      print(`${assetKey} has no automation condition: the daemon never requests it on its own (a schedule or sensor targeting it still can; see \`baton schedules\`)`);
    } else {
      print(`${assetKey} is automated: ${conditionText(def.automation)}`);
      print(evaluation!);
    }
    if (def.freshness) print(`freshness: ${freshness.status} — ${freshness.reason}`);
    return 0;
  } finally {
    await project.close();
  }
}
