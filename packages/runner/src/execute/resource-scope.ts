import { BatonError, type ResourceDefinition } from '@baton/core';

/**
 * The resources of one run in one process: each is set up once, on first use, shared by every
 * asset naming it, and torn down (in reverse setup order) when the run ends.
 *
 * @example
 * const scope = createResourceScope({ db: { url: 'postgres://…' } });
 * const db = await scope.get('db', dbResource);
 * await scope.teardown();
 */
export interface ResourceScope {
  get(name: string, definition: ResourceDefinition<unknown, unknown>): Promise<unknown>;
  /** Runs every teardown; returns the errors instead of throwing (a teardown failure must not hide the run's outcome). */
  teardown(): Promise<string[]>;
}

/**
 * Creates a resource scope. `config` holds raw config per resource name (validated by the resource's
 * schema); `overrides` are ready-made values used instead of calling `setup` (tests, injected clients).
 */
export function createResourceScope(
  config: Readonly<Record<string, unknown>> = {},
  overrides: Readonly<Record<string, unknown>> = {},
): ResourceScope {
  const values = new Map<string, Promise<unknown>>();
  const order: { name: string; definition: ResourceDefinition<unknown, unknown>; value: Promise<unknown> }[] = [];
  return {
    get(name, definition) {
      if (Object.hasOwn(overrides, name)) return Promise.resolve(overrides[name]);
      let value = values.get(name);
      if (!value) {
        value = (async () => {
          let parsed: unknown = config[name];
          if (definition.configSchema) {
            try {
              parsed = definition.configSchema.parse(config[name]);
            } catch (error) {
              throw new BatonError('CONFIG_INVALID', `Config of resource "${name}" is invalid: ${(error as Error).message}`, {
                hint: `pass resourceConfig: { ${name}: { … } } matching the resource's schema`,
                details: { resource: name },
              });
            }
          }
          return definition.setup(parsed);
        })();
        values.set(name, value);
        order.push({ name, definition, value });
      }
      return value;
    },
    async teardown() {
      const errors: string[] = [];
      for (const { name, definition, value } of order.reverse()) {
        try {
          const v = await value;
          await definition.teardown?.(v);
        } catch (error) {
          errors.push(`resource "${name}": ${(error as Error).message}`);
        }
      }
      order.length = 0;
      values.clear();
      return errors;
    },
  };
}
