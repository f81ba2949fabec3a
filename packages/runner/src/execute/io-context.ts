import type { AssetDefinition, IOContext } from '@baton/core';

/**
 * The context an IO manager receives for one partition of an asset: where (key, partition), who
 * (run, step) and what the definition says about the table (metadata, group, partitions, output schema).
 *
 * @example
 * await io.loadInput(ioContext(upstreamDef, 'raw/orders', '2026-01-01', runId, stepKey));
 */
export function ioContext(def: AssetDefinition | undefined, assetKey: string, partitionKey: string | null, runId: string, stepKey: string): IOContext {
  return {
    assetKey,
    partitionKey,
    runId,
    stepKey,
    metadata: def?.metadata ?? {},
    group: def?.group,
    partitions: def?.partitions,
    outputSchema: def?.outputSchema,
  };
}
