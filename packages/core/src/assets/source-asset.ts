import { BatonError } from '../errors/baton-error';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import type { AssetContext } from './asset-context';
import type { AssetDefinition, ObserveResult, ObserveSchedule } from './asset-definition';
import { assertCron } from '../automation/validate-cron';
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
  /**
   * How often the automation daemon observes it: a duration (`'30s'`, `'5m'`, `'2h'`, `'1d'`) or a
   * 5-field cron in UTC (`'0 * * * *'`). Needs `observe`; without it the source is observed on demand only.
   */
  readonly observeInterval?: string;
}

const DURATION = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `observeInterval` (a duration or a cron), with errors naming the source. */
function observeSchedule(key: string, value: unknown, hasObserve: boolean): ObserveSchedule | undefined {
  if (value === undefined) return undefined;
  const where = `Source asset "${key}": observeInterval`;
  if (!hasObserve) {
    throw new BatonError('INVALID_DEFINITION', `${where} needs an observe function`, { hint: 'add observe: async (ctx) => ({ dataVersion }) or remove observeInterval', details: { assetKey: key } });
  }
  const text = typeof value === 'string' ? value.trim() : '';
  const duration = DURATION.exec(text);
  if (duration) {
    const ms = Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
    if (ms < 1000) throw new BatonError('INVALID_DEFINITION', `${where} must be at least 1s, got ${JSON.stringify(value)}`, { hint: "e.g. '5m'", details: { assetKey: key } });
    return { kind: 'interval', ms };
  }
  if (typeof value !== 'string' || text.split(/\s+/).length !== 5) {
    throw new BatonError('INVALID_DEFINITION', `${where} ${JSON.stringify(value)} is neither a duration nor a cron`, {
      hint: "use a duration such as '30s', '5m', '2h', '1d', or a 5-field cron such as '0 * * * *' (UTC)",
      details: { assetKey: key },
    });
  }
  assertCron(text, 'UTC', where);
  return { kind: 'cron', cron: text };
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
 *   observeInterval: '5m', // the daemon observes it every 5 minutes
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
    observeSchedule: observeSchedule(common.key, options.observeInterval, typeof options.observe === 'function'),
    multi: undefined,
  };
  return Object.freeze(definition);
}
