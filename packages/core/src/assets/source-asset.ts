import { BatonError } from '../errors/baton-error';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import type { AssetContext } from './asset-context';
import type { AssetDefinition, ObserveResult } from './asset-definition';
import { normalizeCommon, normalizeEdges, normalizeExecution, type ConfigOf } from './asset-options';
import { deriveCodeVersion } from './code-version';
import type { DepArg } from './input';
import type { ResourceMap, ResourceValues } from './resource';

/** Options of `sourceAsset()`. */
export interface SourceAssetOptions<TResources extends ResourceMap> {
  readonly key: string;
  readonly group?: string;
  readonly description?: string;
  readonly owners?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly kinds?: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly codeVersion?: string;
  readonly partitions?: PartitionsDefinition;
  /** Sources may depend on other sources (lineage only). */
  readonly deps?: readonly DepArg[];
  readonly resources?: TResources;
  readonly ioManager?: string;
  readonly timeoutMs?: number;
  readonly pool?: string;
  /** Returns the current data version of the source; makes the source observable. */
  readonly observe?: (ctx: AssetContext<undefined, ResourceValues<TResources>>) => ObserveResult | Promise<ObserveResult>;
}

/**
 * Declares data produced outside Baton (a table another system loads, a file drop). It has no
 * compute function; Baton may observe its data version with `observe`. Other assets take it as
 * an input typed `T` (loaded through its IO manager).
 *
 * @example
 * interface Event { id: string; at: string }
 * const events = sourceAsset<Event[]>({
 *   key: 'external/events',
 *   observe: async () => ({ dataVersion: await lastModified('s3://bucket/events') }),
 * });
 * const counts = asset({ key: 'events/count', ins: { events }, compute: (_ctx, { events }) => events.length });
 */
export function sourceAsset<T = unknown, TResources extends ResourceMap = {}>(
  options: SourceAssetOptions<TResources>,
): AssetDefinition<T, undefined, ResourceValues<TResources>> {
  const common = normalizeCommon(options);
  if ('compute' in options) {
    throw new BatonError('INVALID_DEFINITION', `Source asset "${common.key}" cannot have a compute function`, {
      hint: 'use asset() for data Baton computes; sourceAsset() is for data produced elsewhere',
      details: { assetKey: common.key },
    });
  }
  if (options.observe !== undefined && typeof options.observe !== 'function') {
    throw new BatonError('INVALID_DEFINITION', `Source asset "${common.key}": observe must be a function`, {
      hint: 'observe: async (ctx) => ({ dataVersion: "..." })',
      details: { assetKey: common.key },
    });
  }
  const execution = normalizeExecution(common.key, { ...options, ins: undefined, deps: undefined });
  const explicit = options.codeVersion !== undefined;
  const definition: AssetDefinition<T, ConfigOf<undefined>, ResourceValues<TResources>> = {
    kind: 'AssetDefinition',
    role: 'source',
    ...common,
    codeVersion: explicit ? options.codeVersion! : deriveCodeVersion([options.observe as never], ['source', options.partitions?.id ?? '']),
    codeVersionSource: explicit ? 'explicit' : 'derived',
    ...execution,
    ...normalizeEdges(common.key, undefined, options.deps),
    compute: undefined,
    observe: options.observe as never,
    multi: undefined,
  };
  return Object.freeze(definition);
}
