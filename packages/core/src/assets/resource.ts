import type { z } from 'zod';
import { BatonError } from '../errors/baton-error';
import type { ResourceDefinition } from './asset-definition';

/** Any resource definition. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResourceDefinition = ResourceDefinition<any, any>;

/** The `resources` option of an asset: resource definitions by the name the function uses. */
export type ResourceMap = Readonly<Record<string, AnyResourceDefinition>>;

/** What `ctx.resources` holds for a resource map: each resource's set-up value. */
export type ResourceValues<TResources> = {
  readonly [K in keyof TResources]: TResources[K] extends ResourceDefinition<infer V, any> ? V : never;
};

export interface ResourceOptions<TValue, TConfigSchema extends z.ZodType | undefined> {
  /** zod schema of the resource's config; `setup` receives the parsed value. */
  readonly config?: TConfigSchema;
  readonly setup: (config: TConfigSchema extends z.ZodType ? z.output<TConfigSchema> : undefined) => TValue | Promise<TValue>;
  readonly teardown?: (value: TValue) => void | Promise<void>;
}

/**
 * Declares a resource: a value set up once per run and shared by the assets naming it in `resources`.
 * The type of `ctx.resources.<name>` is the (awaited) return type of `setup`.
 *
 * @example
 * const db = resource({
 *   config: z.object({ url: z.string() }),
 *   setup: async ({ url }) => connect(url),
 *   teardown: (client) => client.close(),
 * });
 * asset({ key: 'raw/users', resources: { db }, compute: (ctx) => ctx.resources.db.query('select * from users') });
 */
export function resource<TValue, TConfigSchema extends z.ZodType | undefined = undefined>(
  options: ResourceOptions<TValue, TConfigSchema>,
): ResourceDefinition<TValue, TConfigSchema extends z.ZodType ? z.output<TConfigSchema> : undefined> {
  if (typeof options?.setup !== 'function') {
    throw new BatonError('INVALID_DEFINITION', 'resource() needs a setup function', {
      hint: 'e.g. resource({ setup: () => createClient() })',
    });
  }
  return Object.freeze({
    kind: 'ResourceDefinition',
    configSchema: options.config,
    setup: options.setup,
    teardown: options.teardown,
  }) as unknown as ResourceDefinition<TValue, TConfigSchema extends z.ZodType ? z.output<TConfigSchema> : undefined>;
}

/** True for a resource definition. */
resource.is = (value: unknown): value is AnyResourceDefinition =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'ResourceDefinition';
