import { BatonError, type AssetContext, type AssetDefinition, type BatonEvent, type BatonStorage } from '@baton/core';
import { partitionDimensions, stepTimeWindow } from '../execute/partition-context';
import { createResourceScope } from '../execute/resource-scope';
import { assetLookup, type AssetLookup, type RunnerDefinitions } from '../execute/runner-definitions';

export interface ObserveSourcesOptions {
  readonly definitions: RunnerDefinitions | AssetLookup;
  readonly storage: BatonStorage;
  /** Source asset keys to observe; default every source with an `observe` function. */
  readonly assetKeys?: readonly string[];
  /** Partitions to observe of partitioned sources (required when one is selected). */
  readonly partitionKeys?: readonly string[];
  /** Ready-made resource values (tests, injected clients). */
  readonly resources?: Readonly<Record<string, unknown>>;
  /** Raw config per resource name. */
  readonly resourceConfig?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

/** What observing one source partition gave. */
export interface SourceObservation {
  readonly assetKey: string;
  readonly partitionKey: string | null;
  /** Set when the observation succeeded (and was stored). */
  readonly dataVersion?: string;
  /** Set when `observe` threw or returned no data version (a LOG event says so too). */
  readonly error?: string;
}

/** The observable sources among `keys` (all of them when omitted); errors name what cannot be observed. */
function observable(assets: AssetLookup, keys: readonly string[] | undefined): AssetDefinition[] {
  if (!keys) return [...assets.byKey.values()].filter((d) => d.role === 'source' && d.observe !== undefined);
  return keys.map((key) => {
    const def = assets.get(key, 'observe');
    if (def.role !== 'source' || !def.observe) {
      throw new BatonError('INVALID_DEFINITION', `Asset "${key}" cannot be observed: ${def.role !== 'source' ? 'it is not a source asset' : 'its sourceAsset() has no observe function'}`, {
        hint: def.role !== 'source' ? 'materialize it instead, or report a materialization made elsewhere' : 'add observe: async (ctx) => ({ dataVersion }) to the sourceAsset',
        details: { assetKey: key },
      });
    }
    return def;
  });
}

/**
 * Calls `observe` of source assets and stores each result as an OBSERVATION event (runless, with
 * its data version), the way Dagster's observable source assets work: the next staleness report
 * compares what downstream assets consumed with these versions. One failing source does not stop
 * the others; its error is returned and logged. Resources are set up once and torn down at the end.
 *
 * @example
 * const observed = await observeSources({ definitions: defs, storage });
 * observed.map((o) => `${o.assetKey}: ${o.dataVersion ?? o.error}`);
 */
export async function observeSources(options: ObserveSourcesOptions): Promise<SourceObservation[]> {
  const assets = assetLookup(options.definitions);
  const now = options.now ?? Date.now;
  const sources = observable(assets, options.assetKeys);
  const partitioned = sources.find((d) => d.partitions) ;
  if (partitioned && (options.partitionKeys?.length ?? 0) === 0) {
    throw new BatonError('PARTITION_KEY_INVALID', `Source "${partitioned.key}" is partitioned: say which partitions to observe`, {
      hint: 'pass partitionKeys (CLI: --partition KEY)',
      details: { assetKey: partitioned.key },
    });
  }
  const scope = createResourceScope(options.resourceConfig, options.resources);
  const signal = options.signal ?? new AbortController().signal;
  const results: SourceObservation[] = [];
  const events: BatonEvent[] = [];
  try {
    for (const def of sources) {
      const keys: (string | null)[] = def.partitions ? [...options.partitionKeys!] : [null];
      for (const partitionKey of keys) {
        if (partitionKey !== null) def.partitions!.validateKey(partitionKey);
        const result = await observeOne(def, partitionKey, scope, signal, (level, message, fields) => events.push({ type: 'LOG', runId: null, stepKey: null, level, message, ...(fields ? { fields } : {}), timestamp: now() }));
        if ('error' in result) {
          events.push({ type: 'LOG', runId: null, stepKey: null, level: 'error', message: `observing "${def.key}"${partitionKey === null ? '' : ` [${partitionKey}]`} failed: ${result.error}`, fields: { assetKey: def.key, partitionKey }, timestamp: now() });
          results.push({ assetKey: def.key, partitionKey, error: result.error });
        } else {
          events.push({ type: 'OBSERVATION', runId: null, stepKey: null, assetKey: def.key, partitionKey, dataVersion: result.dataVersion, metadata: result.metadata ?? {}, timestamp: now() });
          results.push({ assetKey: def.key, partitionKey, dataVersion: result.dataVersion });
        }
      }
    }
  } finally {
    await scope.teardown();
  }
  await options.storage.appendEvents(events);
  return results;
}

async function observeOne(
  def: AssetDefinition,
  partitionKey: string | null,
  scope: ReturnType<typeof createResourceScope>,
  signal: AbortSignal,
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void,
): Promise<{ dataVersion: string; metadata?: Readonly<Record<string, unknown>> } | { error: string }> {
  try {
    const resources: Record<string, unknown> = {};
    for (const [name, definition] of Object.entries(def.resources)) resources[name] = await scope.get(name, definition);
    const metadata: Record<string, unknown> = {};
    const keys = partitionKey === null ? [] : [partitionKey];
    const ctx: AssetContext = {
      assetKey: def.key,
      runId: '',
      partitionKey: partitionKey ?? undefined,
      partitionKeys: keys,
      timeWindow: stepTimeWindow(def.partitions, keys),
      partitionDimensions: partitionDimensions(def.partitions, partitionKey ?? undefined),
      config: undefined,
      resources,
      log: { debug: (m, f) => log('debug', m, f), info: (m, f) => log('info', m, f), warn: (m, f) => log('warn', m, f), error: (m, f) => log('error', m, f) },
      signal,
      attempt: 1,
      addMetadata: (m) => Object.assign(metadata, m),
      reportDataVersion: () => {},
    };
    const result = await def.observe!(ctx as never);
    if (!result || typeof result.dataVersion !== 'string' || result.dataVersion === '') {
      return { error: 'observe returned no data version (return { dataVersion: "…" })' };
    }
    return { dataVersion: result.dataVersion, metadata: { ...metadata, ...result.metadata } };
  } catch (error) {
    return { error: (error as Error).message ?? String(error) };
  }
}
