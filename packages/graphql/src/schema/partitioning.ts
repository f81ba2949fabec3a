import { describePartitions, partitionsLabel, type PartitionsDefinition } from '@baton/core';
import { builder } from './builder';

interface DimensionShape {
  readonly name: string;
  readonly def: PartitionsDefinition;
}

/** Keys are listed for static partitionings (pickers need them), up to this many. */
const MAX_LISTED_KEYS = 1000;

const PartitionDimension = builder.objectRef<DimensionShape>('PartitionDimension').implement({
  description: 'One dimension of a multi partitioning (or the partitioning itself, named "*", when it is not multi).',
  fields: (t) => ({
    name: t.string({ resolve: (d) => d.name }),
    kind: t.string({ description: 'static, time-window or dynamic', resolve: (d) => d.def.kind }),
    label: t.string({ description: 'As people say it: "Daily (UTC)", "Static: eu, us".', resolve: (d) => partitionsLabel(d.def) }),
    keyCount: t.int({ resolve: (d) => d.def.count() }),
    keys: t.stringList({
      nullable: true,
      description: `The keys of a static dimension (null for time and dynamic ones, and past ${MAX_LISTED_KEYS} keys).`,
      resolve: (d) => (d.def.kind === 'static' && d.def.count() <= MAX_LISTED_KEYS ? d.def.keys() : null),
    }),
  }),
});

export const Partitioning = builder.objectRef<{ def: PartitionsDefinition; count: number }>('Partitioning').implement({
  description: 'How an asset is partitioned.',
  fields: (t) => ({
    kind: t.string({ description: 'static, time-window, dynamic or multi', resolve: (p) => p.def.kind }),
    id: t.string({ resolve: (p) => p.def.id }),
    description: t.string({ resolve: (p) => describePartitions(p.def) }),
    label: t.string({ description: 'As people say it: "Hourly (UTC)", "Multi: day × region".', resolve: (p) => partitionsLabel(p.def) }),
    dimensions: t.field({
      type: [PartitionDimension],
      description: 'The dimensions of a multi partitioning; otherwise the partitioning itself as one dimension named "*".',
      resolve: (p) => {
        const dims = (p.def as { dimensions?: readonly { name: string; definition: PartitionsDefinition }[] }).dimensions;
        return p.def.kind === 'multi' && dims ? dims.map((d) => ({ name: d.name, def: d.definition })) : [{ name: '*', def: p.def }];
      },
    }),
    partitionCount: t.int({ description: 'Keys that exist now.', resolve: (p) => p.count }),
    dynamicName: t.string({ nullable: true, resolve: (p) => (p.def.kind === 'dynamic' ? String(p.def.toJSON().name) : null) }),
    spec: t.field({ type: 'JSON', description: 'The definition as JSON (cron, timezone, start, keys, dimensions…).', resolve: (p) => p.def.toJSON() }),
  }),
});
