import { BatonError, type AssetDefinition, type PartitionContext } from '@baton/core';
import { selectAssetKeys } from '@baton/planner';
import { runChecks as runChecksNow, type RunChecksResult } from '@baton/runner';
import { definitionsOf, snapshotOf, type ActionContext } from './action-context';

export interface RunChecksRequest {
  /** Selection syntax; default every asset with checks. */
  readonly select?: string | undefined;
  /** Only this partition (default: every materialized partition). */
  readonly partition?: string | undefined;
}

const isPartitioned = (a: AssetDefinition) => a.partitions !== undefined && a.partitions.kind !== 'unpartitioned';

/**
 * Runs the checks of the selected assets on their stored values (the latest materialization of each
 * partition, or of `partition`) and stores the outcomes, without materializing anything. Refuses a
 * selection without checks (SELECTION_EMPTY) and a partition that no selected asset has
 * (PARTITION_KEY_INVALID). `result.failed`: an error-severity check failed.
 *
 * @example
 * const result = await runChecks(ctx, { select: 'raw/orders', partition: '2024-01-02' });
 */
export async function runChecks(ctx: ActionContext, request: RunChecksRequest = {}): Promise<RunChecksResult> {
  const defs = definitionsOf(ctx);
  const withChecks = [...new Set(defs.checks.map((c) => c.assetKey))];
  const keys = selectAssetKeys(defs, request.select).filter((k) => defs.checksOf(k).length > 0);
  if (keys.length === 0) {
    throw new BatonError('SELECTION_EMPTY', request.select === undefined ? 'No asset has checks' : `No checks are defined on the assets of selection "${request.select}"`, {
      hint: withChecks.length > 0 ? `assets with checks: ${withChecks.slice(0, 10).join(', ')}${withChecks.length > 10 ? ', …' : ''}` : 'declare checks with check({ name, asset, severity, fn }) in definitions({ checks })',
      details: { selection: request.select ?? null },
    });
  }
  const partition = request.partition;
  if (partition !== undefined) {
    const partitioned = keys.map((k) => defs.get(k)).filter(isPartitioned);
    if (partitioned.length === 0) {
      throw new BatonError('PARTITION_KEY_INVALID', `Partition "${partition}" does not apply: none of the selected assets with checks is partitioned`, {
        hint: 'omit the partition',
        details: { partitionKey: partition },
      });
    }
    const snapshot = await snapshotOf(ctx);
    const partitionContext: PartitionContext = { now: snapshot.now, dynamicKeys: (name) => snapshot.dynamicPartitions.get(name) ?? [] };
    for (const a of partitioned) a.partitions!.validateKey(partition, partitionContext);
  }
  const ioManagers = ctx.ioManagers ? await ctx.ioManagers(defs) : defs.ioManagers;
  const result = await runChecksNow({ definitions: defs, storage: ctx.storage, ioManagers, selection: keys, ...(partition !== undefined ? { partitions: [partition] } : {}) });
  // a failing blocking check counts as a failed materialization in the planner's snapshot
  ctx.onChanged?.();
  return result;
}
