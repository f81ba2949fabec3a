import { BatonError } from '../errors/baton-error';
import { describePartitions } from '../partitions/describe-partitions';
import type { PartitionsDefinition } from '../partitions/partitions-definition';

/** The PARTITION_MAPPING_INVALID error, naming both partitionings and why they do not fit. */
export function mappingInvalid(
  mapping: string,
  upstream: PartitionsDefinition,
  downstream: PartitionsDefinition,
  why: string,
  hint?: string,
): BatonError {
  return new BatonError(
    'PARTITION_MAPPING_INVALID',
    `${mapping} cannot map upstream ${describePartitions(upstream)} to downstream ${describePartitions(downstream)}: ${why}`,
    { ...(hint ? { hint } : {}), details: { mapping, upstream: upstream.id, downstream: downstream.id } },
  );
}
