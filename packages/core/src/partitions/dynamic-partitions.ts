import { BatonError } from '../errors/baton-error';
import { didYouMean } from '../internal/did-you-mean';
import { defineKeySpace } from './define-key-space';
import type { PartitionContext, PartitionsDefinition } from './partitions-definition';

export interface DynamicPartitionsDefinition extends PartitionsDefinition {
  readonly kind: 'dynamic';
  readonly name: string;
}

/**
 * Partitions whose keys are added and removed at run time and read from storage: the caller passes
 * them in as `ctx.dynamicKeys(name)` (insertion order). Without them there are no keys.
 *
 * @example
 * const customers = dynamicPartitions('customers');
 * customers.keys({ dynamicKeys: () => ['acme', 'globex'] }); // ['acme', 'globex']
 */
export function dynamicPartitions(name: string): DynamicPartitionsDefinition {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.\-/]+$/.test(name)) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Dynamic partitions name ${JSON.stringify(name)} is invalid`, {
      hint: 'use letters, digits, "_", "-", "." or "/"',
    });
  }
  // cache the index per key list, so indexOf is O(1) after the first call
  let lastList: readonly string[] | undefined;
  let lastIndex = new Map<string, number>();
  const list = (ctx?: PartitionContext): readonly string[] => ctx?.dynamicKeys?.(name) ?? [];
  const indexMap = (keys: readonly string[]) => {
    if (keys !== lastList) {
      lastList = keys;
      lastIndex = new Map(keys.map((k, i) => [k, i]));
    }
    return lastIndex;
  };
  return defineKeySpace(
    {
      kind: 'dynamic',
      spec: { kind: 'dynamic', name },
      count: (ctx) => list(ctx).length,
      keyAt: (i, ctx) => list(ctx)[i]!,
      indexOf: (key, ctx) => indexMap(list(ctx)).get(key) ?? -1,
      keys: (ctx, s, e) => list(ctx).slice(s, e),
      invalidKey(key, ctx) {
        if (!ctx?.dynamicKeys) {
          return new BatonError('PARTITION_KEY_INVALID', `Partition key "${key}" cannot be checked: dynamic partitions '${name}' were not loaded`, {
            hint: `pass ctx.dynamicKeys (read the keys of '${name}' from storage) when validating dynamic partition keys`,
            details: { partitionKey: key, dynamicPartitions: name },
          });
        }
        const keys = list(ctx);
        const near = didYouMean(key, keys);
        return new BatonError('PARTITION_KEY_INVALID', `Partition key "${key}" is not a key of dynamic partitions '${name}' (${keys.length} keys)`, {
          hint: near ? `did you mean "${near}"?` : `add it first (e.g. \`baton partitions add ${name} ${key}\`)`,
          details: { partitionKey: key, dynamicPartitions: name },
        });
      },
    },
    () => ({ kind: 'dynamic' as const, name }),
  );
}
