import { BatonError } from '../errors/baton-error';
import { didYouMean } from '../internal/did-you-mean';
import { defineKeySpace } from './define-key-space';
import type { PartitionsDefinition } from './partitions-definition';
import { assertKeyText } from './validate-key-text';

export interface StaticPartitionsDefinition extends PartitionsDefinition {
  readonly kind: 'static';
  readonly staticKeys: readonly string[];
}

/**
 * A fixed list of partition keys, in declaration order.
 *
 * @example
 * const regions = staticPartitions(['eu', 'us', 'apac']);
 * regions.indexOf('us'); // 1
 */
export function staticPartitions(keys: readonly string[]): StaticPartitionsDefinition {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', 'Static partitions need at least one key', {
      hint: "e.g. staticPartitions(['eu', 'us'])",
    });
  }
  const index = new Map<string, number>();
  keys.forEach((key, i) => {
    if (typeof key !== 'string') throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Static partition key at position ${i} is not a string`);
    assertKeyText(key, 'static partitions');
    if (index.has(key)) {
      throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Static partition key "${key}" is listed twice (positions ${index.get(key)} and ${i})`, {
        hint: 'remove the duplicate',
        details: { partitionKey: key },
      });
    }
    index.set(key, i);
  });
  const frozen = Object.freeze([...keys]);
  return defineKeySpace(
    {
      kind: 'static',
      spec: { kind: 'static', keys: frozen },
      count: () => frozen.length,
      keyAt: (i) => frozen[i]!,
      indexOf: (key) => index.get(key) ?? -1,
      keys: (_ctx, s, e) => frozen.slice(s, e),
      invalidKey(key) {
        const near = didYouMean(key, frozen);
        return new BatonError('PARTITION_KEY_INVALID', `Partition key "${key}" is not one of the ${frozen.length} static partition keys`, {
          hint: near ? `did you mean "${near}"?` : `valid keys: ${frozen.slice(0, 10).map((k) => `"${k}"`).join(', ')}${frozen.length > 10 ? ', …' : ''}`,
          details: { partitionKey: key },
        });
      },
    },
    () => ({ kind: 'static' as const, staticKeys: frozen }),
  );
}
