import type { BackfillActionRequest } from '@baton/actions';
import type { PartitionRequest, RunPolicy } from '@baton/planner';
import { z } from 'zod';
import { validateInput } from './validate-input';

const key = z.string().min(1, 'must not be empty').max(500);

/** A partition request in GraphQL: exactly one of all / key / keys / range. */
export const partitionsSchema = z
  .object({
    all: z.boolean().nullish(),
    key: key.nullish(),
    keys: z.array(key).min(1, 'must list at least one key').max(100_000).nullish(),
    range: z.object({ from: key, to: key }).nullish(),
  })
  .refine((p) => [p.all === true, p.key != null, p.keys != null, p.range != null].filter(Boolean).length === 1, {
    message: 'give exactly one of all, key, keys or range',
  });

export type PartitionsInputValue = z.output<typeof partitionsSchema>;

export function toPartitionRequest(p: PartitionsInputValue): PartitionRequest {
  if (p.all) return 'all';
  if (p.key != null) return p.key;
  if (p.keys != null) return p.keys;
  return { from: p.range!.from, to: p.range!.to };
}

/** A run policy in GraphQL: PER_PARTITION, BATCH with a size, or SINGLE. */
export const policySchema = z
  .object({ kind: z.enum(['per-partition', 'batch', 'single']), size: z.number().int().min(1, 'must be at least 1').max(100_000).nullish() })
  .refine((p) => p.kind !== 'batch' || p.size != null, { message: 'a batch policy needs a size' });

export function toRunPolicy(p: z.output<typeof policySchema>): RunPolicy {
  return p.kind === 'batch' ? { kind: 'batch', size: p.size! } : { kind: p.kind };
}

const backfillSchema = z.object({
  selection: z.string().min(1, 'must not be empty').max(10_000),
  partitions: partitionsSchema.nullish(),
  byDefinition: z.array(z.object({ definitionId: key, partitions: partitionsSchema })).max(100).nullish(),
  byAsset: z.array(z.object({ assetKey: key, partitions: partitionsSchema })).max(10_000).nullish(),
  statics: z.array(z.object({ dimension: key, keys: z.array(key).min(1, 'must list at least one key').max(100_000) })).max(100).nullish(),
  reprocess: z.enum(['missing', 'failed', 'missing-or-failed', 'all']).nullish(),
  order: z.enum(['oldest-first', 'newest-first']).nullish(),
  policy: policySchema.nullish(),
  maxConcurrentRuns: z.number().int().min(1, 'must be at least 1').max(1000).nullish(),
  tags: z.array(z.object({ key, value: z.string().max(1000) })).max(100).nullish(),
});

/** Validates the GraphQL BackfillInput and turns it into the backfill action's request. */
export function toBackfillRequest(input: unknown): BackfillActionRequest {
  const v = validateInput(backfillSchema, input, 'input');
  return {
    selection: v.selection,
    ...(v.partitions ? { partitions: toPartitionRequest(v.partitions) } : {}),
    ...(v.byDefinition ? { byDefinition: Object.fromEntries(v.byDefinition.map((d) => [d.definitionId, toPartitionRequest(d.partitions)])) } : {}),
    ...(v.byAsset ? { byAsset: Object.fromEntries(v.byAsset.map((d) => [d.assetKey, toPartitionRequest(d.partitions)])) } : {}),
    ...(v.reprocess ? { reprocess: v.reprocess } : {}),
    ...(v.order ? { order: v.order } : {}),
    ...(v.statics ? { statics: Object.fromEntries(v.statics.map((d) => [d.dimension, d.keys])) } : {}),
    ...(v.policy ? { runPolicy: toRunPolicy(v.policy) } : {}),
    ...(v.maxConcurrentRuns != null ? { maxConcurrentRuns: v.maxConcurrentRuns } : {}),
    ...(v.tags ? { tags: Object.fromEntries(v.tags.map((t) => [t.key, t.value])) } : {}),
  };
}
