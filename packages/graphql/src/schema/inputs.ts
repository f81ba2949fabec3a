import { builder } from './builder';
import { KeyRangeInput, TagInput } from './common';

export const PartitionsInput = builder.inputType('PartitionsInput', {
  description: 'Which partitions: exactly one of all, key, keys or range (applied in each asset\'s own partitioning; ranges may be ISO dates).',
  fields: (t) => ({
    all: t.boolean(),
    key: t.string(),
    keys: t.stringList(),
    range: t.field({ type: KeyRangeInput }),
  }),
});

export const ReprocessFilter = builder.enumType('ReprocessFilter', {
  values: { MISSING: { value: 'missing' }, FAILED: { value: 'failed' }, MISSING_OR_FAILED: { value: 'missing-or-failed' }, ALL: { value: 'all' } } as const,
});

export const PartitionOrder = builder.enumType('PartitionOrder', {
  values: { OLDEST_FIRST: { value: 'oldest-first' }, NEWEST_FIRST: { value: 'newest-first' } } as const,
});

export const RunPolicyKind = builder.enumType('RunPolicyKind', {
  values: {
    PER_PARTITION: { value: 'per-partition', description: 'One run per partition.' },
    BATCH: { value: 'batch', description: 'One run per `size` partitions.' },
    SINGLE: { value: 'single', description: 'One run per partitioning covering every partition.' },
  } as const,
});

export const RunPolicyInput = builder.inputType('RunPolicyInput', {
  fields: (t) => ({ kind: t.field({ type: RunPolicyKind, required: true }), size: t.int() }),
});

const DefinitionPartitionsInput = builder.inputType('DefinitionPartitionsInput', {
  description: 'Partitions for every asset of one partitions definition (by its id, see Asset.partitioning.id).',
  fields: (t) => ({ definitionId: t.string({ required: true }), partitions: t.field({ type: PartitionsInput, required: true }) }),
});

const StaticKeysInput = builder.inputType('StaticKeysInput', {
  description: 'Keys of one static dimension ("*" for a plain static partitioning) to backfill; dimensions not listed take every key.',
  fields: (t) => ({ dimension: t.string({ required: true }), keys: t.stringList({ required: true }) }),
});

const AssetPartitionsInput = builder.inputType('AssetPartitionsInput', {
  fields: (t) => ({ assetKey: t.string({ required: true }), partitions: t.field({ type: PartitionsInput, required: true }) }),
});

export const BackfillInput = builder.inputType('BackfillInput', {
  fields: (t) => ({
    selection: t.string({ required: true, description: 'Selection syntax, e.g. `group:sales+`.' }),
    partitions: t.field({ type: PartitionsInput, description: 'Default: all partitions.' }),
    byDefinition: t.field({ type: [DefinitionPartitionsInput], description: 'Ranges per partitioning.' }),
    byAsset: t.field({ type: [AssetPartitionsInput] }),
    statics: t.field({ type: [StaticKeysInput], description: 'Keys per static dimension (default every key); time dimensions follow the range.' }),
    reprocess: t.field({ type: ReprocessFilter, description: 'Default ALL.' }),
    order: t.field({ type: PartitionOrder, description: 'Default OLDEST_FIRST.' }),
    policy: t.field({ type: RunPolicyInput, description: 'Default PER_PARTITION.' }),
    maxConcurrentRuns: t.int(),
    tags: t.field({ type: [TagInput] }),
  }),
});
