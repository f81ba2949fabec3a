import type { BatonStorage, MaterializationRecord, ProvenanceEntry } from '@baton/core';
import type { PartitionProvenance } from './partition-provenance';
import type { AssetLookup } from './runner-definitions';

/** What the check reads: storage, the definitions and the per-partition provenance picker of the run. */
export interface UnchangedInputsEnvironment {
  readonly storage: BatonStorage;
  readonly assets: AssetLookup;
  readonly provenanceOf: PartitionProvenance;
}

const entryKey = (p: ProvenanceEntry) => `${p.assetKey}\u0000${p.partitionKey ?? ''}\u0000${p.dataVersion}`;

/**
 * True when every asset partition a step writes already has a materialization built with its
 * current code version from exactly the input data versions it would read now (`provenance`, from
 * `resolveStepInputs`): running it again cannot change what it consumed, so a step the plan marked
 * `skipIfInputsUnchanged` is skipped. Input versions are compared, not materialization ids, so an
 * upstream rebuilt with the same content keeps its downstream.
 *
 * @example
 * if (step.skipIfInputsUnchanged && (await inputsUnchanged(env, step.assetKeys, step.partitionKeys, resolved.provenance))) skip();
 */
export async function inputsUnchanged(
  env: UnchangedInputsEnvironment,
  assetKeys: readonly string[],
  partitionKeys: readonly string[],
  provenance: readonly ProvenanceEntry[],
): Promise<boolean> {
  for (const assetKey of assetKeys) {
    const def = env.assets.get(assetKey);
    const partitioned = def.partitions !== undefined && partitionKeys.length > 0;
    const records: MaterializationRecord[] = partitioned
      ? await env.storage.latestMaterializationsByPartition(assetKey, partitionKeys)
      : (await env.storage.latestMaterializations([assetKey])).filter((m) => m.partitionKey === null);
    const byPartition = new Map(records.map((m) => [m.partitionKey ?? '', m]));
    for (const partitionKey of partitioned ? partitionKeys : [null]) {
      const record = byPartition.get(partitionKey ?? '');
      if (!record || record.codeVersion !== def.codeVersion) return false;
      const used = partitionKey === null || partitionKeys.length <= 1 ? provenance : await env.provenanceOf(assetKey, partitionKey, provenance);
      if (used.length !== record.provenance.length) return false;
      const consumed = new Set(record.provenance.map(entryKey));
      if (!used.every((p) => consumed.has(entryKey(p)))) return false;
    }
  }
  return true;
}
