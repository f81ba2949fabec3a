import type { PartitionMapping } from '../mappings/partition-mapping';
import type { AssetDefinition, InputLoadMode } from './asset-definition';

/** Any asset definition, whatever its output, config and resources. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAssetDefinition = AssetDefinition<any, any, any>;

/**
 * An input edge as written in `ins`: the upstream (a definition or a key), its mapping and load mode.
 * `TValue` is what the compute function receives: the upstream output, or a
 * `ReadonlyMap<partitionKey, output>` for `load: 'many'`.
 */
export interface InputSpec<TValue = unknown> {
  readonly kind: 'InputSpec';
  readonly upstream: AnyAssetDefinition | string;
  readonly mapping: PartitionMapping | undefined;
  readonly load: InputLoadMode;
  /** Phantom: the value type the function receives. */
  readonly __value?: TValue;
}

/** A non-input dependency as written in `deps`. */
export interface DepSpec {
  readonly kind: 'DepSpec';
  readonly upstream: AnyAssetDefinition | string;
  readonly mapping: PartitionMapping | undefined;
}

export interface InputOptions<TLoad extends InputLoadMode = InputLoadMode> {
  /** How downstream partitions read upstream partitions; default: the default mapping for the two partitionings. */
  readonly mapping?: PartitionMapping;
  /** 'one' (default): the value; 'many': a ReadonlyMap from upstream partition key to value. */
  readonly load?: TLoad;
}

/**
 * Declares an input with a partition mapping and/or load mode. With `load: 'many'` the function
 * receives a `ReadonlyMap<string, T>` (upstream partition key → value). A key string instead of a
 * definition is allowed (e.g. a self-dependency); then give the type explicitly: `input<Order[]>('daily/orders', …)`.
 *
 * @example
 * const weekly = asset({
 *   key: 'weekly/orders',
 *   partitions: daily,
 *   ins: { hist: input(rawOrders, { mapping: timeWindowMapping({ startOffset: -6 }), load: 'many' }) },
 *   compute: (ctx, { hist }) => [...hist.values()].flat(), // hist: ReadonlyMap<string, Order[]>
 * });
 */
export function input<T>(upstream: AssetDefinition<T, any, any>, options: InputOptions<'many'> & { readonly load: 'many' }): InputSpec<ReadonlyMap<string, T>>;
export function input<T>(upstream: AssetDefinition<T, any, any>, options?: InputOptions<'one'>): InputSpec<T>;
export function input<T = unknown>(upstreamKey: string, options: InputOptions<'many'> & { readonly load: 'many' }): InputSpec<ReadonlyMap<string, T>>;
export function input<T = unknown>(upstreamKey: string, options?: InputOptions<'one'>): InputSpec<T>;
export function input(upstream: AnyAssetDefinition | string, options: InputOptions = {}): InputSpec {
  return Object.freeze({ kind: 'InputSpec', upstream, mapping: options.mapping, load: options.load ?? 'one' });
}

/** True for an `input(...)` spec. */
input.is = (value: unknown): value is InputSpec =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'InputSpec';

/**
 * Declares a dependency that orders and draws lineage but passes no value, optionally with a mapping.
 *
 * @example
 * asset({ key: 'report', deps: [rawUsers, 'external/table', dep(rawOrders, { mapping: allPartitionsMapping() })], compute: () => 1 });
 */
export function dep(upstream: AnyAssetDefinition | string, options: { readonly mapping?: PartitionMapping } = {}): DepSpec {
  return Object.freeze({ kind: 'DepSpec', upstream, mapping: options.mapping });
}

/** True for a `dep(...)` spec. */
dep.is = (value: unknown): value is DepSpec =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'DepSpec';

/** What may appear in `ins`: an upstream definition (its value is passed) or an `input(...)` spec. */
export type InputArg<TValue = unknown> = AssetDefinition<TValue, any, any> | InputSpec<TValue>;

/** What may appear in `deps`. */
export type DepArg = AnyAssetDefinition | string | DepSpec;

/** The `ins` record that delivers `TInputs`. */
export type InsFor<TInputs> = { readonly [K in keyof TInputs]: InputArg<TInputs[K]> };
