import { BatonError, type IOManager } from '@baton/core';

/** An IO manager keeping values in a Map, for tests; `values` exposes what was stored. */
export interface MemoryIOManager extends IOManager {
  /** Stored values keyed by `assetKey` or `assetKey[partitionKey]`. */
  readonly values: Map<string, unknown>;
}

/** The key `memoryIOManager` stores a value under. */
export function memoryKey(assetKey: string, partitionKey: string | null): string {
  return partitionKey === null ? assetKey : `${assetKey}[${partitionKey}]`;
}

/**
 * Keeps values in memory (same process only). Values are stored by reference.
 *
 * @example
 * const io = memoryIOManager();
 * await executeRun({ ..., ioManagers: { default: io } });
 * io.values.get('clean/users') // the value the asset returned
 */
export function memoryIOManager(): MemoryIOManager {
  const values = new Map<string, unknown>();
  return {
    values,
    handleOutput(ctx, value) {
      values.set(memoryKey(ctx.assetKey, ctx.partitionKey), value);
    },
    loadInput(ctx) {
      const key = memoryKey(ctx.assetKey, ctx.partitionKey);
      if (!values.has(key)) {
        throw new BatonError('INPUT_INVALID', `No value in memory for ${key}`, {
          hint: 'the memory IO manager only holds values stored by this process; materialize the upstream in the same process',
          details: { assetKey: ctx.assetKey, partitionKey: ctx.partitionKey },
        });
      }
      return values.get(key);
    },
  };
}
