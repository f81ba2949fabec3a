import { BatonError, isMultiPartitions, type AssetDefinition, type IOManager, type IOOutputMetadata } from '@baton/core';
import { ioContext } from './io-context';
import { stepTimeWindow } from './partition-context';
import { upstreamPartitionKeys } from './resolve-inputs';
import type { AssetLookup } from './runner-definitions';

/** The partition bindings of a SQL asset for one partition: key, time window (ISO) and dimensions. */
export function sqlParameters(def: AssetDefinition, partitionKey: string | null): Record<string, unknown> {
  if (partitionKey === null || !def.partitions) return {};
  const params: Record<string, unknown> = { partitionKey };
  const window = stepTimeWindow(def.partitions, [partitionKey]);
  if (window) {
    params.windowStart = new Date(window.start).toISOString();
    params.windowEnd = new Date(window.end).toISOString();
  }
  if (isMultiPartitions(def.partitions)) {
    for (const [dim, part] of Object.entries(def.partitions.partsOfKey(partitionKey))) params[`dimension:${dim}`] = part;
  }
  return params;
}

/**
 * Runs one partition of a SQL asset in its engine: the IO manager named by `engine` executes the
 * query and stores the result, reading each upstream relation's mapped partitions where that same IO
 * manager keeps them. Refuses an engine without `executeSql` and an upstream stored elsewhere.
 *
 * @example
 * const metadata = await executeSqlAsset(assets, ioManagers, def, '2026-01-01', runId, stepKey);
 */
export async function executeSqlAsset(
  assets: AssetLookup,
  ioManagers: Readonly<Record<string, IOManager>>,
  def: AssetDefinition,
  partitionKey: string | null,
  runId: string,
  stepKey: string,
): Promise<IOOutputMetadata> {
  const query = def.sql!;
  const engine = ioManagers[def.ioManager];
  if (!engine?.executeSql) {
    throw new BatonError('INVALID_DEFINITION', `SQL asset "${def.key}" runs in IO manager "${def.ioManager}", which ${engine ? 'cannot execute SQL' : 'the runner was not given'}`, {
      hint: `pass ioManagers: { ${def.ioManager}: duckdbIOManager(…) or postgresIOManager(…) } (given: ${Object.keys(ioManagers).join(', ') || 'none'})`,
      details: { assetKey: def.key, ioManager: def.ioManager },
    });
  }
  const relations = query.relations.map((relation) => {
    const upstream = assets.get(relation.assetKey, `SQL asset "${def.key}"`);
    if (ioManagers[upstream.ioManager] !== engine) {
      throw new BatonError('INVALID_DEFINITION', `SQL asset "${def.key}" reads "${upstream.key}", which is stored by IO manager "${upstream.ioManager}", not by its engine "${def.ioManager}"`, {
        hint: `give "${upstream.key}" ioManager: '${def.ioManager}' so the engine can read it in place`,
        details: { assetKey: def.key, upstream: upstream.key },
      });
    }
    const partitionKeys = upstreamPartitionKeys(def, relation, upstream, partitionKey === null ? [] : [partitionKey]);
    return { context: ioContext(upstream, upstream.key, null, runId, stepKey), partitionKeys };
  });
  const result = await engine.executeSql({ ...ioContext(def, def.key, partitionKey, runId, stepKey), query, relations, parameters: sqlParameters(def, partitionKey) });
  return result ?? {};
}
