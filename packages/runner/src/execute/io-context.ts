import type { AssetDefinition, IOContext } from '@baton/core';

/**
 * The context an IO manager receives for one partition of an asset: where (key, partition), who
 * (run, step), what the definition says about the table (metadata, group, partitions, output schema)
 * and, for a load, the data version of the materialization read when it is known.
 *
 * @example
 * await io.loadInput(ioContext(upstreamDef, 'raw/orders', '2026-01-01', runId, stepKey));
 */
export function ioContext(def: AssetDefinition | undefined, assetKey: string, partitionKey: string | null, runId: string, stepKey: string, dataVersion?: string): IOContext {
  // one object shape for every call (a conditional spread made this ~8x slower, and polymorphic for IO managers)
  return {
    assetKey,
    partitionKey,
    runId,
    stepKey,
    metadata: def?.metadata ?? {},
    group: def?.group,
    partitions: def?.partitions,
    outputSchema: def?.outputSchema,
    dataVersion,
  };
}
