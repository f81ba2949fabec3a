import type { AssetDefinition, ResourceDefinition } from '../assets/asset-definition';
import { assertAssetKey, isValidAssetKey } from '../assets/asset-key';
import type { ScheduleDefinition } from '../automation/schedule';
import type { SensorDefinition } from '../automation/sensor';
import { validateAutomation } from '../automation/validate-automation';
import type { AnyAssetDefinition } from '../assets/input';
import { multiAssetOf, type AnyMultiAssetDefinition, type MultiAssetDefinition } from '../assets/multi-asset';
import { BatonError } from '../errors/baton-error';
import type { CheckDefinition } from '../quality/check';
import { validateChecks } from '../quality/validate-checks';
import { didYouMean } from '../internal/did-you-mean';
import { defaultPartitionMapping } from '../mappings/default-partition-mapping';
import type { PartitionMapping } from '../mappings/partition-mapping';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import { UNPARTITIONED } from '../partitions/unpartitioned';
import type { IOManager } from '../ports/io-manager';
import { createAssetGraph, cycleError, type AssetGraph } from './asset-graph';
import type { Csr } from './csr';

/** The outputs of one multi-asset, computed by one function call. */
export interface MultiAssetGroup {
  readonly id: string;
  /** Output name → asset key. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly keys: readonly string[];
  /** Returns `{ [output]: value }` for every output. */
  readonly compute: (ctx: never, inputs: Record<string, unknown>) => unknown;
}

/** The validated, frozen set of everything a Baton project defines. */
export interface Definitions {
  readonly kind: 'Definitions';
  /** Every asset (multi-assets expanded into their outputs), in declaration order. */
  readonly assets: readonly AssetDefinition[];
  readonly resources: Readonly<Record<string, ResourceDefinition<unknown, unknown>>>;
  readonly ioManagers: Readonly<Record<string, IOManager>>;
  readonly schedules: readonly ScheduleDefinition[];
  readonly sensors: readonly SensorDefinition[];
  readonly graph: AssetGraph;
  /** Multi-asset groups by id. */
  readonly multiAssets: ReadonlyMap<string, MultiAssetGroup>;
  /** The definition of `key`; throws ASSET_NOT_FOUND with a did-you-mean hint. */
  get(key: string): AssetDefinition;
  has(key: string): boolean;
  /** The multi-asset group `key` belongs to, if any. */
  multiAssetOf(key: string): MultiAssetGroup | undefined;
  /** Every asset check, in declaration order. */
  readonly checks: readonly CheckDefinition[];
  /** The checks of one asset (empty when it has none). */
  checksOf(key: string): readonly CheckDefinition[];
}

export interface DefinitionsOptions {
  readonly assets: readonly (AnyAssetDefinition | AnyMultiAssetDefinition)[];
  readonly resources?: Readonly<Record<string, ResourceDefinition<any, any>>>;
  readonly ioManagers?: Readonly<Record<string, IOManager>>;
  readonly schedules?: readonly ScheduleDefinition[];
  readonly sensors?: readonly SensorDefinition[];
  /** Asset checks, e.g. check({ name: 'not_empty', asset: orders, severity: 'error', fn: rowCount({ min: 1 }) }). */
  readonly checks?: readonly CheckDefinition<any>[];
}

/** An edge of an asset on itself is allowed only when it reads strictly earlier time partitions. */
function isPastSelfMapping(mapping: PartitionMapping | undefined): boolean {
  if (!mapping || mapping.kind !== 'time-window') return false;
  const spec = mapping.toJSON() as { startOffset?: unknown; endOffset?: unknown };
  const start = typeof spec.startOffset === 'number' ? spec.startOffset : 0;
  const end = typeof spec.endOffset === 'number' ? spec.endOffset : 0;
  return end < 0 && start <= end;
}

/**
 * Collects and validates a project's definitions: asset keys, duplicates, unknown upstreams,
 * dependency cycles and partition mappings, each failing with a BatonError naming the asset(s)
 * and what to do. Returns a frozen object with the asset graph.
 *
 * @example
 * const defs = definitions({ assets: [rawUsers, cleanUsers, userCount] });
 * defs.get('clean/users').group; // 'default'
 * defs.graph.topologicalOrder();  // ['raw/users', 'clean/users', 'marts/user_count']
 */
export function definitions(options: DefinitionsOptions): Definitions {
  const assets: AssetDefinition[] = [];
  // Key → position in `assets`: edges resolve to positions once, and the graph and the mapping
  // checks read the upstream by position instead of looking its key up again.
  const positionOf = new Map<string, number>();
  const groups = new Map<string, MultiAssetGroup>();
  const groupOf = new Map<string, MultiAssetGroup>();

  const addMulti = (m: MultiAssetDefinition<Record<string, unknown>>) => {
    if (groups.has(m.id)) return groups.get(m.id)!;
    const group: MultiAssetGroup = Object.freeze({ id: m.id, outputs: m.outputs, keys: Object.freeze(Object.values(m.outputs)), compute: m.compute as never });
    groups.set(m.id, group);
    return group;
  };
  const add = (item: AssetDefinition, i: number) => {
    // The message's position string is built only for a bad key (100k template strings otherwise).
    if (!isValidAssetKey(item.key)) assertAssetKey(item.key, `assets[${i}]`);
    const at = positionOf.get(item.key);
    const existing = at === undefined ? undefined : assets[at]!;
    if (existing === item) return;
    if (existing) {
      throw new BatonError('DUPLICATE_ASSET_KEY', `Asset key "${item.key}" is defined twice (assets[${i}])`, {
        hint: 'asset keys must be unique: rename one of the assets or remove the duplicate from `assets`',
        details: { assetKey: item.key, groups: [existing.group, item.group] },
      });
    }
    positionOf.set(item.key, assets.length);
    assets.push(item);
    const multi = multiAssetOf(item);
    if (multi) groupOf.set(item.key, addMulti(multi));
  };

  (options?.assets ?? []).forEach((item, i) => {
    const kind = (item as { kind?: unknown } | null)?.kind;
    if (kind === 'MultiAssetDefinition') {
      for (const a of (item as MultiAssetDefinition<Record<string, unknown>>).assets) add(a as AssetDefinition, i);
    } else if (kind === 'AssetDefinition') {
      add(item as AssetDefinition, i);
    } else {
      throw new BatonError('INVALID_DEFINITION', `definitions(): assets[${i}] is not an asset definition`, {
        hint: 'pass values created by asset(), sourceAsset() or multiAsset()',
        details: { index: i },
      });
    }
  });

  // Unknown upstream keys, all of them at once; the known ones are resolved to positions
  // (`upstreams`: inputs then deps of each asset, in order).
  // A self-dependency (upstream position = own position) not on strictly earlier time partitions
  // is noted here and reported after the unknown keys.
  const unknown: { assetKey: string; upstreamKey: string }[] = [];
  let badSelf: AssetDefinition | undefined;
  const offsets = new Int32Array(assets.length + 1);
  const targets: number[] = [];
  for (let p = 0; p < assets.length; p++) {
    const a = assets[p]!;
    for (const e of a.inputs) {
      const u = positionOf.get(e.assetKey);
      if (u === undefined) unknown.push({ assetKey: a.key, upstreamKey: e.assetKey });
      else if (u === p && !badSelf && !isPastSelfMapping(e.mapping)) badSelf = a;
      targets.push(u ?? -1);
    }
    for (const e of a.deps) {
      const u = positionOf.get(e.assetKey);
      if (u === undefined) unknown.push({ assetKey: a.key, upstreamKey: e.assetKey });
      else if (u === p && !badSelf && !isPastSelfMapping(e.mapping)) badSelf = a;
      targets.push(u ?? -1);
    }
    offsets[p + 1] = targets.length;
  }
  if (unknown.length > 0) {
    const first = unknown[0]!;
    const guess = didYouMean(first.upstreamKey, positionOf.keys());
    const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more unknown upstream key${unknown.length > 2 ? 's' : ''})` : '';
    throw new BatonError('UNKNOWN_ASSET_KEY', `Asset "${first.assetKey}" depends on "${first.upstreamKey}", which is not defined${more}`, {
      hint: `${guess ? `did you mean "${guess}"? ` : ''}Add its definition to \`assets\`, or, if the data is produced outside Baton, declare it with sourceAsset({ key: "${first.upstreamKey}" })`,
      details: { assetKey: first.assetKey, upstreamKey: first.upstreamKey, suggestion: guess, unknown },
    });
  }

  // Self-dependencies: only on strictly earlier time partitions.
  if (badSelf) {
    const a = badSelf;
    const err = cycleError([a.key, a.key]);
    throw new BatonError('DEPENDENCY_CYCLE', `Asset "${a.key}" depends on itself: ${a.key} → ${a.key}`, {
      hint: 'an asset may depend only on its own earlier partitions, e.g. dep("<key>", { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) }) on a time-partitioned asset',
      details: err.details,
    });
  }

  const upstreams: Csr = { offsets, targets: Int32Array.from(targets) };
  const graph = createAssetGraph(assets, upstreams);
  graph.topologicalOrder(); // throws DEPENDENCY_CYCLE with the path
  validateAutomation(options.schedules ?? [], options.sensors ?? [], graph);

  const defaults = new Map<string, PartitionMapping>();
  const validatedPairs: ValidatedPairs = new Map();
  for (let p = 0; p < assets.length; p++) {
    const a = assets[p]!;
    const down = a.partitions ?? UNPARTITIONED;
    let k = offsets[p]!;
    for (const e of a.inputs) validateEdge(e.assetKey, a.key, e.mapping, e.name, assets[upstreams.targets[k++]!]!.partitions ?? UNPARTITIONED, down, defaults, validatedPairs);
    for (const e of a.deps) validateEdge(e.assetKey, a.key, e.mapping, undefined, assets[upstreams.targets[k++]!]!.partitions ?? UNPARTITIONED, down, defaults, validatedPairs);
  }

  // In declaration order (did-you-mean hints prefer the first of equally close keys); built on first use.
  let keyList: string[] | undefined;
  const keys = () => (keyList ??= [...positionOf.keys()]);
  const checks = options.checks ?? [];
  const checksByAsset = checks.length === 0 ? new Map<string, readonly CheckDefinition[]>() : validateChecks(checks, keys());
  const defs: Definitions = {
    kind: 'Definitions',
    assets: Object.freeze(assets),
    resources: Object.freeze({ ...(options.resources ?? {}) }) as Definitions['resources'],
    ioManagers: Object.freeze({ ...(options.ioManagers ?? {}) }),
    schedules: Object.freeze([...(options.schedules ?? [])]),
    sensors: Object.freeze([...(options.sensors ?? [])]),
    graph,
    multiAssets: groups,
    get: (key) => {
      const at = positionOf.get(key);
      if (at !== undefined) return assets[at]!;
      const guess = didYouMean(key, keys());
      throw new BatonError('ASSET_NOT_FOUND', `Asset "${key}" is not defined`, {
        hint: guess ? `did you mean "${guess}"?` : 'list the defined keys with defs.graph.keys',
        details: { assetKey: key, suggestion: guess },
      });
    },
    has: (key) => positionOf.has(key),
    multiAssetOf: (key) => groupOf.get(key),
    checks: Object.freeze([...(options.checks ?? [])]) as readonly CheckDefinition[],
    checksOf: (key) => checksByAsset.get(key) ?? [],
  };
  return Object.freeze(defs);
}

/** Upstream → downstream partitionings whose default mapping is known valid, by object identity. */
type ValidatedPairs = Map<PartitionsDefinition, Set<PartitionsDefinition>>;

function validateEdge(
  from: string,
  to: string,
  explicit: PartitionMapping | undefined,
  input: string | undefined,
  up: PartitionsDefinition,
  down: PartitionsDefinition,
  defaults: Map<string, PartitionMapping>,
  validatedPairs: ValidatedPairs,
): void {
  let mapping = explicit;
  if (!mapping) {
    // The same two objects again (nearly every edge): their default mapping was validated (or
    // definitions() threw), so no key string to build and look up.
    let downs = validatedPairs.get(up);
    if (downs?.has(down)) return;
    if (!downs) validatedPairs.set(up, (downs = new Set()));
    downs.add(down);
    const cacheKey = `${up.id}\u0000${down.id}`;
    mapping = defaults.get(cacheKey);
    if (!mapping) {
      mapping = defaultPartitionMapping(up, down);
      defaults.set(cacheKey, mapping);
    } else return; // this pair of partitionings was validated already
  }
  const edge = { from, to, input };
  try {
    mapping.validate(up, down);
  } catch (error) {
    const cause = BatonError.from(error);
    const suffix = cause.hint ? `. ${cause.hint}` : '';
    const reason = suffix && cause.message.endsWith(suffix) ? cause.message.slice(0, -suffix.length) : cause.message;
    const where = `${edge.from} → ${edge.to}`;
    throw new BatonError('PARTITION_MAPPING_INVALID', `Partition mapping of "${where}"${edge.input ? ` (input "${edge.input}")` : ''} is invalid: ${reason}`, {
      hint: cause.hint ?? `give the edge a mapping that fits both partitionings, e.g. input(upstream, { mapping })`,
      details: { ...cause.details, from: edge.from, to: edge.to, input: edge.input },
      cause: error,
    });
  }
}
