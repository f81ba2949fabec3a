import type { AssetDefinition, ResourceDefinition } from '../assets/asset-definition';
import { assertAssetKey } from '../assets/asset-key';
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
import { UNPARTITIONED } from '../partitions/unpartitioned';
import type { IOManager } from '../ports/io-manager';
import { createAssetGraph, cycleError, type AssetGraph } from './asset-graph';

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
  const byKey = new Map<string, AssetDefinition>();
  const groups = new Map<string, MultiAssetGroup>();
  const groupOf = new Map<string, MultiAssetGroup>();

  const addMulti = (m: MultiAssetDefinition<Record<string, unknown>>) => {
    if (groups.has(m.id)) return groups.get(m.id)!;
    const group: MultiAssetGroup = Object.freeze({ id: m.id, outputs: m.outputs, keys: Object.freeze(Object.values(m.outputs)), compute: m.compute as never });
    groups.set(m.id, group);
    return group;
  };
  const add = (item: AssetDefinition, position: string) => {
    assertAssetKey(item.key, position);
    const existing = byKey.get(item.key);
    if (existing === item) return;
    if (existing) {
      throw new BatonError('DUPLICATE_ASSET_KEY', `Asset key "${item.key}" is defined twice (${position})`, {
        hint: 'asset keys must be unique: rename one of the assets or remove the duplicate from `assets`',
        details: { assetKey: item.key, groups: [existing.group, item.group] },
      });
    }
    byKey.set(item.key, item);
    assets.push(item);
    const multi = multiAssetOf(item);
    if (multi) groupOf.set(item.key, addMulti(multi));
  };

  (options?.assets ?? []).forEach((item, i) => {
    const kind = (item as { kind?: unknown } | null)?.kind;
    if (kind === 'MultiAssetDefinition') {
      for (const a of (item as MultiAssetDefinition<Record<string, unknown>>).assets) add(a as AssetDefinition, `assets[${i}]`);
    } else if (kind === 'AssetDefinition') {
      add(item as AssetDefinition, `assets[${i}]`);
    } else {
      throw new BatonError('INVALID_DEFINITION', `definitions(): assets[${i}] is not an asset definition`, {
        hint: 'pass values created by asset(), sourceAsset() or multiAsset()',
        details: { index: i },
      });
    }
  });

  // Unknown upstream keys, all of them at once.
  const unknown: { assetKey: string; upstreamKey: string }[] = [];
  for (const a of assets) {
    for (const e of a.inputs) if (!byKey.has(e.assetKey)) unknown.push({ assetKey: a.key, upstreamKey: e.assetKey });
    for (const e of a.deps) if (!byKey.has(e.assetKey)) unknown.push({ assetKey: a.key, upstreamKey: e.assetKey });
  }
  if (unknown.length > 0) {
    const first = unknown[0]!;
    const guess = didYouMean(first.upstreamKey, byKey.keys());
    const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more unknown upstream key${unknown.length > 2 ? 's' : ''})` : '';
    throw new BatonError('UNKNOWN_ASSET_KEY', `Asset "${first.assetKey}" depends on "${first.upstreamKey}", which is not defined${more}`, {
      hint: `${guess ? `did you mean "${guess}"? ` : ''}Add its definition to \`assets\`, or, if the data is produced outside Baton, declare it with sourceAsset({ key: "${first.upstreamKey}" })`,
      details: { assetKey: first.assetKey, upstreamKey: first.upstreamKey, suggestion: guess, unknown },
    });
  }

  // Self-dependencies: only on strictly earlier time partitions.
  const checkSelf = (a: AssetDefinition, edges: readonly { assetKey: string; mapping: PartitionMapping | undefined }[]) => {
    for (const e of edges) {
      if (e.assetKey === a.key && !isPastSelfMapping(e.mapping)) {
        const err = cycleError([a.key, a.key]);
        throw new BatonError('DEPENDENCY_CYCLE', `Asset "${a.key}" depends on itself: ${a.key} → ${a.key}`, {
          hint: 'an asset may depend only on its own earlier partitions, e.g. dep("<key>", { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) }) on a time-partitioned asset',
          details: err.details,
        });
      }
    }
  };
  for (const a of assets) {
    checkSelf(a, a.inputs);
    checkSelf(a, a.deps);
  }

  const graph = createAssetGraph(assets);
  graph.topologicalOrder(); // throws DEPENDENCY_CYCLE with the path
  validateAutomation(options.schedules ?? [], options.sensors ?? [], graph);

  const defaults = new Map<string, PartitionMapping>();
  for (const a of assets) {
    for (const e of a.inputs) validateEdge(e.assetKey, a.key, e.mapping, e.name, byKey, defaults);
    for (const e of a.deps) validateEdge(e.assetKey, a.key, e.mapping, undefined, byKey, defaults);
  }

  const keys = [...byKey.keys()];
  const checksByAsset = validateChecks(options.checks ?? [], keys);
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
      const found = byKey.get(key);
      if (found) return found;
      const guess = didYouMean(key, keys);
      throw new BatonError('ASSET_NOT_FOUND', `Asset "${key}" is not defined`, {
        hint: guess ? `did you mean "${guess}"?` : 'list the defined keys with defs.graph.keys',
        details: { assetKey: key, suggestion: guess },
      });
    },
    has: (key) => byKey.has(key),
    multiAssetOf: (key) => groupOf.get(key),
    checks: Object.freeze([...(options.checks ?? [])]) as readonly CheckDefinition[],
    checksOf: (key) => checksByAsset.get(key) ?? [],
  };
  return Object.freeze(defs);
}

function validateEdge(
  from: string,
  to: string,
  explicit: PartitionMapping | undefined,
  input: string | undefined,
  byKey: ReadonlyMap<string, AssetDefinition>,
  defaults: Map<string, PartitionMapping>,
): void {
  const edge = { from, to, input };
  const up = byKey.get(from)!.partitions ?? UNPARTITIONED;
  const down = byKey.get(to)!.partitions ?? UNPARTITIONED;
  let mapping = explicit;
  if (!mapping) {
    const cacheKey = `${up.id}\u0000${down.id}`;
    mapping = defaults.get(cacheKey);
    if (!mapping) {
      mapping = defaultPartitionMapping(up, down);
      defaults.set(cacheKey, mapping);
    } else return; // this pair of partitionings was validated already
  }
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
