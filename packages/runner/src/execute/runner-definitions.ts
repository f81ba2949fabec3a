import { BatonError, didYouMean, type AssetDefinition, type CheckDefinition } from '@baton/core';

/**
 * The definitions a run executes: anything that lists or looks up asset definitions — the result of
 * `definitions()`, an AssetGraph, a Map by key, or a plain array.
 */
export type RunnerDefinitions =
  | readonly unknown[]
  | ReadonlyMap<string, unknown>
  | { readonly assets: readonly unknown[] | ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>> };

/** Asset definitions by key, with a lookup that explains a missing key. */
export interface AssetLookup {
  readonly byKey: ReadonlyMap<string, AssetDefinition>;
  /** The shared compute of each multi-asset (by `multi.id`): one call returns `{ [output]: value }`. */
  readonly multiCompute: ReadonlyMap<string, (ctx: never, inputs: Record<string, unknown>) => unknown>;
  /** Asset checks by asset key (from `definitions({ checks })`); absent when none were given. */
  readonly checks?: ReadonlyMap<string, readonly CheckDefinition[]>;
  /** The definition of `key`; throws ASSET_NOT_FOUND with a "did you mean" hint when absent. */
  get(key: string, where?: string): AssetDefinition;
}

function isDefinition(value: unknown): value is AssetDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'AssetDefinition';
}

function isMulti(value: unknown): value is { id: string; assets: readonly unknown[]; compute: (ctx: never, inputs: Record<string, unknown>) => unknown } {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'MultiAssetDefinition';
}

/**
 * Adds asset definitions (and a multi-asset's outputs, with its compute) to the lookup's maps. A module function, not
 * a closure bound to a name: under tsx (esbuild's keepNames) that costs an `Object.defineProperty` per `executePlan`.
 */
function addDefinitions(values: Iterable<unknown>, byKey: Map<string, AssetDefinition>, multiCompute: Map<string, (ctx: never, inputs: Record<string, unknown>) => unknown>): void {
  for (const v of values) {
    if (isDefinition(v)) byKey.set(v.key, v);
    else if (isMulti(v)) {
      multiCompute.set(v.id, v.compute);
      addDefinitions(v.assets, byKey, multiCompute);
    }
  }
}

/**
 * Normalises any accepted definitions shape into a lookup by asset key.
 *
 * @example
 * const lookup = assetLookup(defs);
 * lookup.get('raw/users').compute
 */
export function assetLookup(definitions: RunnerDefinitions | AssetLookup): AssetLookup {
  if ('byKey' in definitions && 'get' in definitions && typeof definitions.get === 'function') return definitions as AssetLookup;
  const byKey = new Map<string, AssetDefinition>();
  const multiCompute = new Map<string, (ctx: never, inputs: Record<string, unknown>) => unknown>();
  if (Array.isArray(definitions)) addDefinitions(definitions, byKey, multiCompute);
  else if (definitions instanceof Map) addDefinitions(definitions.values(), byKey, multiCompute);
  else {
    const assets = (definitions as { assets?: unknown }).assets;
    if (Array.isArray(assets)) addDefinitions(assets, byKey, multiCompute);
    else if (assets instanceof Map) addDefinitions(assets.values(), byKey, multiCompute);
    else if (typeof assets === 'object' && assets !== null) addDefinitions(Object.values(assets), byKey, multiCompute);
    const groups = (definitions as { multiAssets?: unknown }).multiAssets;
    if (groups instanceof Map) {
      for (const group of groups.values() as Iterable<{ id: string; compute: (ctx: never, inputs: Record<string, unknown>) => unknown }>) {
        multiCompute.set(group.id, group.compute);
      }
    }
  }
  const checks = new Map<string, CheckDefinition[]>();
  const declared = Array.isArray(definitions) ? undefined : (definitions as { checks?: unknown }).checks;
  if (Array.isArray(declared)) {
    for (const c of declared as CheckDefinition[]) if (c?.kind === 'CheckDefinition') checks.set(c.assetKey, [...(checks.get(c.assetKey) ?? []), c]);
  }
  return {
    byKey,
    multiCompute,
    checks,
    get(key, where) {
      const def = byKey.get(key);
      if (def) return def;
      const guess = didYouMean(key, byKey.keys());
      throw new BatonError('ASSET_NOT_FOUND', `Asset "${key}"${where ? ` (${where})` : ''} is not in the definitions the runner was given`, {
        hint: guess ? `did you mean "${guess}"?` : 'pass the same definitions the plan was made from',
        details: { assetKey: key },
      });
    },
  };
}

/**
 * The definitions of a step's assets, in order; throws ASSET_NOT_FOUND (naming the step) for a key
 * the lookup lacks. A plain loop: no closure or message string per step.
 *
 * @example
 * const [primary] = stepDefinitions(lookup, step.assetKeys, step.key);
 */
export function stepDefinitions(assets: AssetLookup, assetKeys: readonly string[], stepKey: string): AssetDefinition[] {
  // most steps have one asset: an array of one, not a grown one (~150 bytes)
  if (assetKeys.length === 1) return [assets.byKey.get(assetKeys[0]!) ?? assets.get(assetKeys[0]!, `step ${stepKey}`)];
  const defs: AssetDefinition[] = [];
  for (const key of assetKeys) defs.push(assets.byKey.get(key) ?? assets.get(key, `step ${stepKey}`));
  return defs;
}
