import { describePartitions, type PartitionsDefinition } from '@baton/core';
import { builder } from './builder';

export const Partitioning = builder.objectRef<{ def: PartitionsDefinition; count: number }>('Partitioning').implement({
  description: 'How an asset is partitioned.',
  fields: (t) => ({
    kind: t.string({ description: 'static, time-window, dynamic or multi', resolve: (p) => p.def.kind }),
    id: t.string({ resolve: (p) => p.def.id }),
    description: t.string({ resolve: (p) => describePartitions(p.def) }),
    partitionCount: t.int({ description: 'Keys that exist now.', resolve: (p) => p.count }),
    dynamicName: t.string({ nullable: true, resolve: (p) => (p.def.kind === 'dynamic' ? String(p.def.toJSON().name) : null) }),
    spec: t.field({ type: 'JSON', description: 'The definition as JSON (cron, timezone, start, keys, dimensions…).', resolve: (p) => p.def.toJSON() }),
  }),
});
