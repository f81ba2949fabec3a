import { BatonError } from '../errors/baton-error';
import { defineKeySpace } from './define-key-space';
import type { PartitionsDefinition } from './partitions-definition';

/**
 * The key space of an unpartitioned asset: exactly one key, `''`. Mappings and the planner
 * treat unpartitioned assets through it, so there is no special case for "no partitions".
 *
 * @example
 * UNPARTITIONED.keys(); // ['']
 * UNPARTITIONED.all().size; // 1
 */
export const UNPARTITIONED: PartitionsDefinition = defineKeySpace({
  kind: 'unpartitioned',
  spec: { kind: 'unpartitioned' },
  count: () => 1,
  keyAt: () => '',
  indexOf: (key) => (key === '' ? 0 : -1),
  invalidKey: (key) =>
    new BatonError('PARTITION_KEY_INVALID', `Partition key "${key}" is invalid: the asset is not partitioned, its only key is ""`, {
      hint: 'omit the partition key for unpartitioned assets',
      details: { partitionKey: key },
    }),
});
