import type { AutomationCondition } from '../automation/automation-condition';
import type { FreshnessPolicy } from '../automation/freshness-policy';
import type { PartitionMapping } from '../mappings/partition-mapping';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import type { OutputSchema } from '../quality/output-schema';
import type { SqlQuery } from '../sql/sql';
import type { AssetContext } from './asset-context';
import type { RetryPolicy } from './retry-policy';

/** How an input receives upstream partitions: one value, or every mapped partition keyed by partition key. */
export type InputLoadMode = 'one' | 'many';

/** A resolved input edge of an asset: the value of `assetKey` is passed as `inputs[name]`. */
export interface AssetInput {
  readonly name: string;
  readonly assetKey: string;
  /** Explicit mapping; undefined means the default mapping for the two partitionings. */
  readonly mapping: PartitionMapping | undefined;
  readonly load: InputLoadMode;
}

/** A dependency that orders and draws lineage but passes no value. */
export interface AssetDependency {
  readonly assetKey: string;
  readonly mapping: PartitionMapping | undefined;
}

/** The role of an asset in the graph. */
export type AssetRole =
  /** computed by Baton from its function */
  | 'materializable'
  /** produced elsewhere; Baton may observe its data version but never materializes it */
  | 'source';

/**
 * A declared asset, as `asset()`, `sourceAsset()` and `multiAsset()` produce it.
 * `TOutput` is the value the function returns (what downstream inputs receive);
 * `TConfig` the parsed config; `TResources` the resources the function uses.
 */
// TConfig/TResources default to `any` so that a bare `AssetDefinition` accepts every definition
// (`compute`'s ctx parameter is contravariant; with `unknown` a typed definition would not fit).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface AssetDefinition<TOutput = unknown, TConfig = any, TResources = any> {
  readonly kind: 'AssetDefinition';
  readonly key: string;
  readonly role: AssetRole;
  readonly group: string;
  readonly description: string | undefined;
  readonly owners: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly kinds: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The explicit code version, or a stable hash of the function's normalised source. */
  readonly codeVersion: string;
  readonly codeVersionSource: 'explicit' | 'derived';
  readonly partitions: PartitionsDefinition | undefined;
  /**
   * The function handles a range of partitions in one call: ctx.partitionKeys holds them all and
   * inputs of load 'many' receive every upstream partition of the range. False (the default): the
   * runner calls it once per partition of a step, with ctx.partitionKey set.
   */
  readonly ranged: boolean;
  readonly inputs: readonly AssetInput[];
  readonly deps: readonly AssetDependency[];
  /** zod schema for the asset's config (validated by the runner before the function runs). */
  readonly configSchema: { parse(value: unknown): TConfig; safeParse(value: unknown): { success: boolean } } | undefined;
  readonly retry: RetryPolicy | undefined;
  /** Per-step timeout in ms. */
  readonly timeoutMs: number | undefined;
  /** Concurrency pool name shared across runs. */
  readonly pool: string | undefined;
  /** Key of the IO manager storing this asset's values ('default' when not set). */
  readonly ioManager: string;
  /** Resources the function receives on `ctx.resources`, by name. */
  readonly resources: Readonly<Record<string, ResourceDefinition<unknown, unknown>>>;
  /** The function computing the value (materializable assets). Inputs are keyed by input name. */
  readonly compute:
    | ((ctx: AssetContext<TConfig, TResources>, inputs: Record<string, unknown>) => TOutput | Promise<TOutput>)
    | undefined;
  /** For observable sources: returns the current data version of the source (per partition when partitioned). */
  readonly observe: ((ctx: AssetContext<TConfig, TResources>) => ObserveResult | Promise<ObserveResult>) | undefined;
  /** For observable sources: when the daemon observes it (from `observeInterval`); undefined: only on demand. */
  readonly observeSchedule?: ObserveSchedule | undefined;
  /** Set when this asset is one output of a multi-asset: all outputs of `id` are computed by one function call. */
  readonly multi: { readonly id: string; readonly output: string } | undefined;
  /** When the automation daemon requests this asset (undefined: never automatically). */
  readonly automation?: AutomationCondition | undefined;
  /** How fresh the asset must be (undefined: no policy). */
  readonly freshness?: FreshnessPolicy | undefined;
  /** Schema the value is validated against after compute, before anything is written (from the `output` option). */
  readonly outputSchema?: OutputSchema | undefined;
  /** Set for SQL assets (`sqlAsset`): the query its IO manager (`ioManager`, the engine) runs instead of a function. */
  readonly sql?: SqlQuery | undefined;
  /** Phantom field carrying the output type for typed edges; never set at run time. */
  readonly __output?: TOutput;
}

/** When the automation daemon observes a source: every `ms`, or at each tick of a 5-field cron (UTC). */
export type ObserveSchedule = { readonly kind: 'interval'; readonly ms: number } | { readonly kind: 'cron'; readonly cron: string };

export interface ObserveResult {
  readonly dataVersion: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * A typed, configured object shared by assets within a run (a database client, an HTTP client).
 * `setup` runs once per run (per process) before the first asset that uses it; `teardown` after the run.
 */
export interface ResourceDefinition<TValue, TConfig = unknown> {
  readonly kind: 'ResourceDefinition';
  readonly configSchema: { parse(value: unknown): TConfig } | undefined;
  readonly setup: (config: TConfig) => TValue | Promise<TValue>;
  readonly teardown: ((value: TValue) => void | Promise<void>) | undefined;
}
