import type { MaterializationRecord, ProvenanceEntry } from '@baton/core';
import { PageInfo, type PageInfoShape } from './common';
import { builder } from './builder';

export const ProvenanceEntryType = builder.objectRef<ProvenanceEntry>('ProvenanceEntry').implement({
  description: 'One upstream value a materialization consumed.',
  fields: (t) => ({
    assetKey: t.exposeString('assetKey'),
    partitionKey: t.exposeString('partitionKey', { nullable: true }),
    materializationId: t.exposeID('materializationId', { nullable: true }),
    dataVersion: t.exposeString('dataVersion'),
  }),
});

export const Materialization = builder.objectRef<MaterializationRecord>('Materialization').implement({
  description: 'A stored materialization of one asset partition.',
  fields: (t) => ({
    id: t.exposeID('id'),
    assetKey: t.exposeString('assetKey'),
    partitionKey: t.exposeString('partitionKey', { nullable: true }),
    runId: t.exposeID('runId'),
    stepKey: t.exposeString('stepKey', { nullable: true }),
    timestamp: t.field({ type: 'Timestamp', resolve: (m) => m.timestamp }),
    dataVersion: t.exposeString('dataVersion'),
    codeVersion: t.exposeString('codeVersion'),
    metadata: t.field({ type: 'JSON', resolve: (m) => m.metadata }),
    provenance: t.field({ type: [ProvenanceEntryType], resolve: (m) => [...m.provenance] }),
  }),
});

export const MaterializationConnection = builder
  .objectRef<{ nodes: readonly MaterializationRecord[]; pageInfo: PageInfoShape }>('MaterializationConnection')
  .implement({
    fields: (t) => ({
      nodes: t.field({ type: [Materialization], resolve: (c) => [...c.nodes] }),
      pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
    }),
  });

export interface PartitionLineageShape {
  readonly root: MaterializationRecord;
  readonly nodes: readonly MaterializationRecord[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
  readonly truncated: boolean;
}

const MaterializationEdge = builder.objectRef<{ from: string; to: string }>('MaterializationEdge').implement({
  description: '`from` (an upstream materialization) was consumed by `to`.',
  fields: (t) => ({ from: t.exposeID('from'), to: t.exposeID('to') }),
});

export const PartitionLineage = builder.objectRef<PartitionLineageShape>('PartitionLineage').implement({
  description: 'The upstream materializations one materialization consumed, recursively up to a depth.',
  fields: (t) => ({
    root: t.field({ type: Materialization, resolve: (l) => l.root }),
    nodes: t.field({ type: [Materialization], description: 'Every materialization reached, the root included.', resolve: (l) => [...l.nodes] }),
    edges: t.field({ type: [MaterializationEdge], resolve: (l) => [...l.edges] }),
    truncated: t.exposeBoolean('truncated', { description: 'True when the depth limit stopped the walk before the sources.' }),
  }),
});
