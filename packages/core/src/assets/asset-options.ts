import type { z } from 'zod';
import { isAutomationCondition, type AutomationCondition } from '../automation/automation-condition';
import { isFreshnessPolicy, type FreshnessPolicy } from '../automation/freshness-policy';
import { BatonError } from '../errors/baton-error';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import type { AssetDependency, AssetInput, ResourceDefinition } from './asset-definition';
import { assertAssetKey } from './asset-key';
import { dep, input, type DepArg, type InsFor } from './input';
import type { ResourceMap } from './resource';
import type { RetryPolicy } from './retry-policy';
import { resolveRetryPolicy } from './retry-policy-defaults';

/** `ctx.config`'s type for a config schema option (undefined when the asset has no config). */
export type ConfigOf<TConfigSchema> = TConfigSchema extends z.ZodType ? z.output<TConfigSchema> : undefined;

/** Options every asset kind shares (asset, sourceAsset, each output of multiAsset). */
export interface CommonAssetOptions {
  /** Path-like key, e.g. 'raw/users'. */
  readonly key: string;
  /** Default 'default'. */
  readonly group?: string;
  readonly description?: string;
  /** Emails or `team:name`. */
  readonly owners?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
  /** Technologies shown in the UI, e.g. ['postgres', 'python']. */
  readonly kinds?: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Explicit code version; when absent a stable hash of the function source is used. */
  readonly codeVersion?: string;
  /** When the automation daemon requests this asset, e.g. eager() or onCron('0 9 * * *'). */
  readonly automation?: AutomationCondition;
  /** How fresh the asset must be, e.g. maxAge({ hours: 2 }). */
  readonly freshness?: FreshnessPolicy;
}

/** Options of computed assets (asset and multiAsset). */
export interface ExecutionOptions<TInputs, TConfigSchema, TResources extends ResourceMap> {
  readonly config?: TConfigSchema;
  /** Partial retry policy, completed with DEFAULT_RETRY_POLICY. */
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
  readonly pool?: string;
  /** IO manager key; default 'default'. */
  readonly ioManager?: string;
  readonly resources?: TResources;
  readonly partitions?: PartitionsDefinition;
  /**
   * The function handles a range of partitions in one call: ctx.partitionKeys holds them all and
   * inputs of load 'many' receive every upstream partition of the range. Default false: a step over
   * several partitions calls the function once per partition (ctx.partitionKey set each time).
   */
  readonly ranged?: boolean;
  /** Inputs by name: upstream definitions (or `input(...)` specs); their values reach the function typed. */
  readonly ins?: InsFor<TInputs>;
  /** Dependencies that pass no value: definitions, keys or `dep(...)` specs. */
  readonly deps?: readonly DepArg[];
}

const OWNER = /^(?:team:[A-Za-z0-9_.-]+|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

function invalid(assetKey: string, what: string, hint: string, details: Record<string, unknown> = {}): never {
  throw new BatonError('INVALID_DEFINITION', `Asset "${assetKey}": ${what}`, { hint, details: { assetKey, ...details } });
}

/** Validated and frozen common fields. */
export function normalizeCommon(options: CommonAssetOptions) {
  const key = assertAssetKey(options.key);
  const group = options.group ?? 'default';
  if (typeof group !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(group)) {
    invalid(key, `invalid group ${JSON.stringify(group)}`, 'groups are letters, digits, "_", "-" and ".", e.g. "marketing"');
  }
  const owners = [...(options.owners ?? [])];
  for (const owner of owners) {
    if (typeof owner !== 'string' || !OWNER.test(owner)) {
      invalid(key, `invalid owner ${JSON.stringify(owner)}`, 'owners are emails ("ana@example.com") or teams ("team:data")', { owner });
    }
  }
  const tags = { ...(options.tags ?? {}) };
  for (const [k, v] of Object.entries(tags)) {
    if (k.length === 0 || typeof v !== 'string') {
      invalid(key, `invalid tag ${JSON.stringify(k)}=${JSON.stringify(v)}`, 'tags are non-empty string keys with string values, e.g. { team: "data" }');
    }
  }
  const kinds = [...(options.kinds ?? [])];
  for (const kind of kinds) if (typeof kind !== 'string' || kind.length === 0) invalid(key, `invalid kind ${JSON.stringify(kind)}`, 'kinds are non-empty strings, e.g. ["postgres"]');
  if (options.codeVersion !== undefined && (typeof options.codeVersion !== 'string' || options.codeVersion.length === 0)) {
    invalid(key, 'codeVersion must be a non-empty string', 'e.g. codeVersion: "v2", or leave it out to derive one from the source');
  }
  if (options.automation !== undefined && !isAutomationCondition(options.automation)) {
    invalid(key, 'automation is not an automation condition', 'e.g. automation: eager() or onCron("0 9 * * *", "Europe/Berlin")');
  }
  if (options.freshness !== undefined && !isFreshnessPolicy(options.freshness)) {
    invalid(key, 'freshness is not a freshness policy', 'e.g. freshness: maxAge({ hours: 2 }) or deadline({ cron: "0 9 * * *" })');
  }
  return {
    key,
    group,
    automation: options.automation,
    freshness: options.freshness,
    description: options.description,
    owners: Object.freeze(owners),
    tags: Object.freeze(tags),
    kinds: Object.freeze(kinds),
    metadata: Object.freeze({ ...(options.metadata ?? {}) }),
  };
}

const upstreamKey = (upstream: unknown, assetKey: string, where: string): string => {
  if (typeof upstream === 'string') return assertAssetKey(upstream, `${where} of asset "${assetKey}"`);
  if (typeof upstream === 'object' && upstream !== null && (upstream as { kind?: unknown }).kind === 'AssetDefinition') {
    return (upstream as { key: string }).key;
  }
  return invalid(assetKey, `${where} is neither an asset definition nor an asset key`, 'pass the upstream definition (e.g. rawUsers) or its key ("raw/users")');
};

/** Resolves `ins` and `deps` into AssetInput / AssetDependency records. */
export function normalizeEdges(assetKey: string, ins: Readonly<Record<string, unknown>> | undefined, deps: readonly DepArg[] | undefined) {
  const inputs: AssetInput[] = [];
  for (const [name, arg] of Object.entries(ins ?? {})) {
    if (input.is(arg)) {
      if (arg.load !== 'one' && arg.load !== 'many') invalid(assetKey, `input "${name}" has load ${JSON.stringify(arg.load)}`, 'load is "one" or "many"');
      inputs.push(Object.freeze({ name, assetKey: upstreamKey(arg.upstream, assetKey, `input "${name}"`), mapping: arg.mapping, load: arg.load }));
    } else {
      inputs.push(Object.freeze({ name, assetKey: upstreamKey(arg, assetKey, `input "${name}"`), mapping: undefined, load: 'one' as const }));
    }
  }
  const dependencies: AssetDependency[] = [];
  (deps ?? []).forEach((arg, i) => {
    if (dep.is(arg)) dependencies.push(Object.freeze({ assetKey: upstreamKey(arg.upstream, assetKey, `deps[${i}]`), mapping: arg.mapping }));
    else dependencies.push(Object.freeze({ assetKey: upstreamKey(arg, assetKey, `deps[${i}]`), mapping: undefined }));
  });
  return { inputs: Object.freeze(inputs), deps: Object.freeze(dependencies) };
}

/** Validated execution fields shared by asset() and multiAsset(). */
export function normalizeExecution(assetKey: string, options: ExecutionOptions<unknown, unknown, ResourceMap>) {
  if (options.timeoutMs !== undefined && !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) {
    invalid(assetKey, `timeoutMs must be a positive number, got ${options.timeoutMs}`, 'e.g. timeoutMs: 60_000');
  }
  const config = options.config as { parse?: unknown; safeParse?: unknown } | undefined;
  if (config !== undefined && (typeof config.parse !== 'function' || typeof config.safeParse !== 'function')) {
    invalid(assetKey, 'config must be a zod schema', 'e.g. config: z.object({ limit: z.number().default(100) })');
  }
  if (options.ranged !== undefined && typeof options.ranged !== 'boolean') {
    invalid(assetKey, `ranged must be true or false, got ${JSON.stringify(options.ranged)}`, 'ranged: true when the function handles several partitions in one call');
  }
  const resources = { ...(options.resources ?? {}) } as Record<string, ResourceDefinition<unknown, unknown>>;
  for (const [name, r] of Object.entries(resources)) {
    if (typeof r !== 'object' || r === null || r.kind !== 'ResourceDefinition') {
      invalid(assetKey, `resource "${name}" is not a resource definition`, 'create it with resource({ setup })');
    }
  }
  return {
    configSchema: config as never,
    retry: resolveRetryPolicy(options.retry, assetKey),
    timeoutMs: options.timeoutMs,
    pool: options.pool,
    ioManager: options.ioManager ?? 'default',
    resources: Object.freeze(resources),
    partitions: options.partitions,
    ranged: options.ranged ?? false,
    ...normalizeEdges(assetKey, options.ins as Readonly<Record<string, unknown>> | undefined, options.deps),
  };
}
