import type { z } from 'zod';
import { BatonError } from '../errors/baton-error';
import { isOutputSchema, type OutputSchema } from '../quality/output-schema';
import type { AssetContext } from './asset-context';
import type { AssetDefinition } from './asset-definition';
import { normalizeCommon, normalizeExecution, type CommonAssetOptions, type ConfigOf, type ExecutionOptions } from './asset-options';
import { deriveCodeVersion } from './code-version';
import type { InsFor } from './input';
import type { ResourceMap, ResourceValues } from './resource';
import type { OutputOrRowStream } from '../tables/row-stream';

/** The compute function of an asset: context and typed inputs in, the value (or a promise of it) out. */
export type ComputeFn<TInputs, TOutput, TConfig, TResources> = (
  ctx: AssetContext<TConfig, TResources>,
  inputs: TInputs,
) => TOutput | Promise<TOutput>;

/** `ins` is required as soon as the function expects inputs. */
type InsRequirement<TInputs> = {} extends TInputs ? { readonly ins?: InsFor<TInputs> } : { readonly ins: InsFor<TInputs> };

/** Options of `asset()`. */
export type AssetOptions<TInputs, TOutput, TConfigSchema, TResources extends ResourceMap> = CommonAssetOptions &
  Omit<ExecutionOptions<TInputs, TConfigSchema, TResources>, 'ins'> &
  InsRequirement<TInputs> & {
    readonly compute: ComputeFn<TInputs, TOutput, ConfigOf<TConfigSchema>, ResourceValues<TResources>>;
  };

/**
 * Declares a materializable asset. The output type is inferred from `compute`'s return (promises
 * unwrapped); each input's type is the output type of the upstream named in `ins`, so passing an
 * upstream whose output does not fit what the function expects is a compile error.
 * With `output: zodSchema` the output type is the schema's output type instead: returning another
 * shape is a compile error, and the runner validates the value before the IO manager writes it.
 * When that schema is an array of row objects, the function may also return a row stream (an
 * `async function*` or a generator): table IO managers write it in batches, validating row by row.
 * To state the expected inputs explicitly: `asset<{ raw: number[] }>({...})` (the output is then
 * `unknown` unless given as the second type argument) or annotate the function's `inputs` parameter.
 *
 * @example
 * const rawUsers = asset({ key: 'raw/users', compute: async () => [{ id: 1, name: 'Ada' }] });
 * const userCount = asset({
 *   key: 'marts/user_count',
 *   ins: { users: rawUsers },
 *   compute: (ctx, { users }) => users.length, // users: { id: number; name: string }[]
 * });
 */
export function asset<
  TInputs extends Record<string, unknown> = {},
  TOutputSchema extends z.ZodType = z.ZodType,
  TConfigSchema extends z.ZodType | undefined = undefined,
  TResources extends ResourceMap = {},
>(
  options: AssetOptions<TInputs, OutputOrRowStream<z.output<TOutputSchema>>, TConfigSchema, TResources> & { readonly output: TOutputSchema },
): AssetDefinition<z.output<TOutputSchema>, ConfigOf<TConfigSchema>, ResourceValues<TResources>>;
export function asset<
  TInputs extends Record<string, unknown> = {},
  TOutput = unknown,
  TConfigSchema extends z.ZodType | undefined = undefined,
  TResources extends ResourceMap = {},
>(
  options: AssetOptions<TInputs, TOutput, TConfigSchema, TResources> & { readonly output?: undefined },
): AssetDefinition<TOutput, ConfigOf<TConfigSchema>, ResourceValues<TResources>>;
export function asset<
  TInputs extends Record<string, unknown> = {},
  TOutput = unknown,
  TConfigSchema extends z.ZodType | undefined = undefined,
  TResources extends ResourceMap = {},
>(
  options: AssetOptions<TInputs, TOutput, TConfigSchema, TResources> & { readonly output?: unknown },
): AssetDefinition<TOutput, ConfigOf<TConfigSchema>, ResourceValues<TResources>> {
  if (typeof options !== 'object' || options === null) {
    throw new BatonError('INVALID_DEFINITION', 'asset() needs an options object', { hint: 'e.g. asset({ key: "raw/users", compute: () => [...] })' });
  }
  const common = normalizeCommon(options);
  if (typeof options.compute !== 'function') {
    throw new BatonError('INVALID_DEFINITION', `Asset "${common.key}" has no compute function`, {
      hint: 'pass compute: (ctx, inputs) => value, or use sourceAsset() for data produced outside Baton',
      details: { assetKey: common.key },
    });
  }
  const execution = normalizeExecution(common.key, options as ExecutionOptions<unknown, unknown, ResourceMap>);
  if (options.output !== undefined && !isOutputSchema(options.output)) {
    throw new BatonError('INVALID_DEFINITION', `Asset "${common.key}": output must be a zod schema`, {
      hint: 'e.g. output: z.array(z.object({ id: z.number() })); the compute function must then return that shape',
      details: { assetKey: common.key },
    });
  }
  const explicit = options.codeVersion !== undefined;
  const definition: AssetDefinition<TOutput, ConfigOf<TConfigSchema>, ResourceValues<TResources>> = {
    kind: 'AssetDefinition',
    role: 'materializable',
    ...common,
    codeVersion: explicit ? options.codeVersion! : deriveCodeVersion([options.compute as never], [execution.partitions?.id ?? '']),
    codeVersionSource: explicit ? 'explicit' : 'derived',
    ...execution,
    compute: options.compute as never,
    outputSchema: options.output as OutputSchema | undefined,
    observe: undefined,
    multi: undefined,
  };
  return Object.freeze(definition);
}

/** True for an asset definition (materializable, source or multi-asset output). */
asset.is = (value: unknown): value is AssetDefinition =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'AssetDefinition';
