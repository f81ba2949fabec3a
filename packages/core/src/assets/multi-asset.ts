import type { z } from 'zod';
import { BatonError } from '../errors/baton-error';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import type { AssetDefinition } from './asset-definition';
import { normalizeCommon, normalizeExecution, type CommonAssetOptions, type ConfigOf, type ExecutionOptions } from './asset-options';
import type { ComputeFn } from './asset';
import { deriveCodeVersion } from './code-version';
import type { InsFor } from './input';
import type { ResourceMap, ResourceValues } from './resource';

/** Per-output options of a multi-asset: everything an asset describes about itself. */
export interface MultiAssetOutOptions extends CommonAssetOptions {
  readonly ioManager?: string;
  /** Defaults to the multi-asset's `partitions`. */
  readonly partitions?: PartitionsDefinition;
}

const RESERVED = new Set(['kind', 'id', 'assets', 'compute', 'outputs']);

/** One function computing several assets; each output is also a typed definition (`m.a`, `m.b`). */
export type MultiAssetDefinition<TValues, TConfig = unknown, TResources = unknown> = {
  readonly [K in keyof TValues]: AssetDefinition<TValues[K], TConfig, TResources>;
} & {
  readonly kind: 'MultiAssetDefinition';
  /** Shared by every output's `multi.id`. */
  readonly id: string;
  /** The outputs' definitions, in `outs` order. */
  readonly assets: readonly AssetDefinition<unknown, TConfig, TResources>[];
  /** Output name → asset key. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The one function call computing every output: returns `{ [output]: value }`. */
  readonly compute: ComputeFn<Record<string, unknown>, TValues, TConfig, TResources>;
};

/** Any multi-asset, whatever its outputs (what `definitions()` accepts). */
export interface AnyMultiAssetDefinition {
  readonly kind: 'MultiAssetDefinition';
  readonly id: string;
  readonly assets: readonly AssetDefinition<any, any, any>[];
}

type InsRequirement<TInputs> = {} extends TInputs ? { readonly ins?: InsFor<TInputs> } : { readonly ins: InsFor<TInputs> };

/** Options of `multiAsset()`. */
export type MultiAssetOptions<TOuts, TResult, TInputs, TConfigSchema, TResources extends ResourceMap> = Omit<
  ExecutionOptions<TInputs, TConfigSchema, TResources>,
  'ins'
> &
  InsRequirement<TInputs> & {
    /** Identity of the group; default: the output keys joined with ",". */
    readonly id?: string;
    readonly outs: TOuts;
    /** Applies to every output without its own codeVersion. */
    readonly codeVersion?: string;
    readonly compute: ComputeFn<TInputs, TResult, ConfigOf<TConfigSchema>, ResourceValues<TResources>>;
  };

/**
 * Declares several assets computed by one function call, which returns one value per output.
 * Each output is exposed as a typed AssetDefinition (`m.<output>`) usable as an input downstream.
 *
 * @example
 * const split = multiAsset({
 *   outs: { users: { key: 'clean/users' }, orders: { key: 'clean/orders' } },
 *   ins: { dump: rawDump },
 *   compute: (ctx, { dump }) => ({ users: dump.users, orders: dump.orders }),
 * });
 * const n = asset({ key: 'n_users', ins: { u: split.users }, compute: (_c, { u }) => u.length });
 * definitions({ assets: [rawDump, split, n] });
 */
export function multiAsset<
  TOuts extends Record<string, MultiAssetOutOptions>,
  TResult extends { [K in keyof TOuts]: unknown },
  TInputs extends Record<string, unknown> = {},
  TConfigSchema extends z.ZodType | undefined = undefined,
  TResources extends ResourceMap = {},
>(
  options: MultiAssetOptions<TOuts, TResult, TInputs, TConfigSchema, TResources>,
): MultiAssetDefinition<{ [K in keyof TOuts]: TResult[K] }, ConfigOf<TConfigSchema>, ResourceValues<TResources>> {
  const names = Object.keys(options?.outs ?? {});
  if (names.length === 0) {
    throw new BatonError('INVALID_DEFINITION', 'multiAsset() needs at least one output in `outs`', {
      hint: 'e.g. outs: { users: { key: "clean/users" }, orders: { key: "clean/orders" } }',
    });
  }
  const outs = options.outs as Record<string, MultiAssetOutOptions>;
  const keys = names.map((name) => normalizeCommon(outs[name]!).key);
  const id = options.id ?? keys.join(',');
  for (const name of names) {
    if (RESERVED.has(name)) {
      throw new BatonError('INVALID_DEFINITION', `Multi-asset "${id}": output name "${name}" is reserved`, {
        hint: `rename the output; ${[...RESERVED].map((r) => `"${r}"`).join(', ')} are taken by the multi-asset itself`,
        details: { multiAssetId: id, output: name },
      });
    }
  }
  if (typeof options.compute !== 'function') {
    throw new BatonError('INVALID_DEFINITION', `Multi-asset "${id}" has no compute function`, {
      hint: 'compute: (ctx, inputs) => ({ <output>: value, ... })',
      details: { multiAssetId: id },
    });
  }
  const shared = options.compute as unknown as (ctx: unknown, inputs: unknown) => unknown;
  const execution = normalizeExecution(keys[0]!, options as ExecutionOptions<unknown, unknown, ResourceMap>);
  const derived = deriveCodeVersion([shared as never], [execution.partitions?.id ?? '', names.join(',')]);
  const assets: AssetDefinition[] = [];
  const result: Record<string, unknown> = { kind: 'MultiAssetDefinition', id };
  const outputs: Record<string, string> = {};
  names.forEach((name) => {
    const out = outs[name]!;
    const common = normalizeCommon(out);
    const codeVersion = out.codeVersion ?? options.codeVersion;
    const partitions = out.partitions ?? execution.partitions;
    const pick = (value: unknown) => (value as Record<string, unknown>)[name];
    const definition: AssetDefinition = Object.freeze({
      kind: 'AssetDefinition',
      role: 'materializable',
      ...common,
      codeVersion: codeVersion ?? (partitions === execution.partitions ? derived : deriveCodeVersion([shared as never], [partitions?.id ?? '', names.join(',')])),
      codeVersionSource: codeVersion !== undefined ? 'explicit' : 'derived',
      ...execution,
      partitions,
      ioManager: out.ioManager ?? execution.ioManager,
      compute: (ctx: unknown, inputs: Record<string, unknown>) => {
        const value = shared(ctx, inputs);
        return value instanceof Promise ? value.then(pick) : pick(value);
      },
      observe: undefined,
      multi: Object.freeze({ id, output: name }),
    });
    assets.push(definition);
    result[name] = definition;
    outputs[name] = common.key;
  });
  result.assets = Object.freeze(assets);
  result.outputs = Object.freeze(outputs);
  result.compute = shared;
  const frozen = Object.freeze(result) as unknown as MultiAssetDefinition<Record<string, unknown>>;
  for (const definition of assets) owners.set(definition, frozen);
  return frozen as never;
}

const owners = new WeakMap<AssetDefinition, MultiAssetDefinition<Record<string, unknown>>>();

/**
 * The multi-asset an output definition belongs to (undefined for other assets), so a group can be
 * found from any one of its outputs.
 *
 * @example
 * multiAssetOf(split.users) === split // true
 */
export function multiAssetOf(definition: AssetDefinition<any, any, any>): MultiAssetDefinition<Record<string, unknown>> | undefined {
  return owners.get(definition as AssetDefinition);
}

/** True for a multi-asset definition. */
multiAsset.is = (value: unknown): value is MultiAssetDefinition<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'MultiAssetDefinition';
