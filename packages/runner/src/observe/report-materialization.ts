import { BatonError, type BatonStorage, type MaterializationRecord, type PartitionContext } from '@baton/core';
import { resolveStepInputs } from '../execute/resolve-inputs';
import { assetLookup, type AssetLookup, type RunnerDefinitions } from '../execute/runner-definitions';
import { uniqueDataVersion } from '../io-managers/content-hash';

export interface ReportMaterializationOptions {
  readonly definitions: RunnerDefinitions | AssetLookup;
  readonly storage: BatonStorage;
  readonly assetKey: string;
  /** Required for a partitioned asset, absent otherwise. */
  readonly partitionKey?: string | null;
  /** The data version of what was made; default a new unique version (downstream turns stale). */
  readonly dataVersion?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly now?: () => number;
}

/**
 * Records that an asset partition was materialized outside Baton (Dagster's runless
 * `report_runless_asset_event(AssetMaterialization)`): a MATERIALIZATION event with no run
 * (`runId` ""), the asset's current code version, and as provenance the current data versions of
 * its upstreams (as if it read them now). Staleness counts it like any materialization: with a new
 * data version (or none given: a new unique one) its downstream turns stale; with the same one,
 * nothing changes downstream. On a source asset it is compared with the latest observation, the
 * newer wins.
 *
 * @example
 * await reportMaterialization({ definitions: defs, storage, assetKey: 'warehouse/orders', partitionKey: '2024-01-01', dataVersion: 'load-7731' });
 */
export async function reportMaterialization(options: ReportMaterializationOptions): Promise<MaterializationRecord> {
  const assets = assetLookup(options.definitions);
  const def = assets.get(options.assetKey, 'report');
  const partitionKey = options.partitionKey ?? null;
  const where = { assetKey: def.key, partitionKey };
  if (def.partitions && partitionKey === null) {
    throw new BatonError('PARTITION_KEY_INVALID', `Asset "${def.key}" is partitioned: say which partition was materialized`, { hint: 'pass partitionKey (CLI: --partition KEY)', details: where });
  }
  if (!def.partitions && partitionKey !== null) {
    throw new BatonError('PARTITION_KEY_INVALID', `Asset "${def.key}" is not partitioned, but partition "${partitionKey}" was given`, { hint: 'leave out the partition key', details: where });
  }
  if (options.dataVersion !== undefined && (options.dataVersion.trim() === '' || options.dataVersion.length > 200)) {
    throw new BatonError('INPUT_INVALID', `The data version reported for "${def.key}" must be 1 to 200 characters, not blank`, { hint: 'leave it out to get a new unique version', details: where });
  }
  const ctx: PartitionContext | undefined = def.partitions
    ? { now: Date.now(), dynamicKeys: () => [] }
    : undefined;
  if (partitionKey !== null) {
    if (def.partitions!.kind === 'dynamic') {
      const name = String(def.partitions!.toJSON().name);
      const keys = await options.storage.getDynamicPartitions(name);
      if (!keys.includes(partitionKey)) {
        throw new BatonError('PARTITION_KEY_INVALID', `Partition "${partitionKey}" is not a key of dynamic partitions "${name}" (asset "${def.key}")`, { hint: 'add the key first (addDynamicPartitions)', details: where });
      }
    } else def.partitions!.validateKey(partitionKey, ctx);
  }
  const { provenance } = await resolveStepInputs(options.storage, assets, [def.key], partitionKey === null ? [] : [partitionKey], undefined, { allowMissing: true });
  const timestamp = (options.now ?? Date.now)();
  await options.storage.appendEvents([{
    type: 'MATERIALIZATION', runId: null, stepKey: null, assetKey: def.key, partitionKey,
    dataVersion: options.dataVersion ?? uniqueDataVersion(),
    codeVersion: def.codeVersion,
    metadata: { ...options.metadata, 'baton/reported': true },
    provenance,
    timestamp,
  }]);
  const [record] = partitionKey === null
    ? (await options.storage.latestMaterializations([def.key])).filter((m) => m.partitionKey === null)
    : await options.storage.latestMaterializationsByPartition(def.key, [partitionKey]);
  return record!;
}
