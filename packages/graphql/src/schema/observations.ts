import type { MaterializationRecord, ObservationRecord } from '@baton/core';
import { observe, report } from '@baton/actions';
import type { SourceObservation } from '@baton/runner';
import { actionContext } from '../internal/action-context';
import { z } from 'zod';
import { validateInput } from '../internal/validate-input';
import { builder } from './builder';
import { PageInfo, type PageInfoShape } from './common';
import { Asset } from './asset';
import { Materialization } from './materialization';
import { asResult, resultUnion } from './user-errors';

export const Observation = builder.objectRef<ObservationRecord>('Observation').implement({
  description: "A stored observation of a source asset's data version.",
  fields: (t) => ({
    id: t.exposeID('id'),
    assetKey: t.exposeString('assetKey'),
    partitionKey: t.exposeString('partitionKey', { nullable: true }),
    timestamp: t.field({ type: 'Timestamp', resolve: (o) => o.timestamp }),
    dataVersion: t.exposeString('dataVersion'),
    metadata: t.field({ type: 'JSON', resolve: (o) => o.metadata }),
  }),
});

const ObservationConnection = builder.objectRef<{ nodes: readonly ObservationRecord[]; pageInfo: PageInfoShape }>('ObservationConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [Observation], resolve: (c) => [...c.nodes] }),
    pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
  }),
});

const SourceObservationType = builder.objectRef<SourceObservation>('SourceObservation').implement({
  description: 'What observing one source (partition) gave: its data version, or the error `observe` threw.',
  fields: (t) => ({
    assetKey: t.exposeString('assetKey'),
    partitionKey: t.exposeString('partitionKey', { nullable: true }),
    dataVersion: t.string({ nullable: true, resolve: (o) => o.dataVersion ?? null }),
    error: t.string({ nullable: true, resolve: (o) => o.error ?? null }),
  }),
});

const ObserveSuccess = builder.objectRef<{ observations: SourceObservation[] }>('ObserveSuccess').implement({
  fields: (t) => ({ observations: t.field({ type: [SourceObservationType], resolve: (s) => s.observations }) }),
});
const ObserveResult = resultUnion('ObserveResult', ObserveSuccess, 'The observations stored (and the sources whose observe failed), or why nothing was observed.');

const ReportSuccess = builder.objectRef<{ materialization: MaterializationRecord }>('ReportMaterializationSuccess').implement({
  fields: (t) => ({ materialization: t.field({ type: Materialization, resolve: (s) => s.materialization }) }),
});
const ReportResult = resultUnion('ReportMaterializationResult', ReportSuccess, 'The materialization recorded, or why it was refused.');

const keySchema = z.string().trim().min(1, 'must not be empty').max(255);
const partitionSchema = z.string().min(1, 'must not be empty').max(500).nullish();
const pageArgs = z.object({ first: z.number().int().min(1).max(1000), after: z.string().max(200).nullish() });

builder.objectField(Asset, 'observations', (t) =>
  t.field({
    type: ObservationConnection,
    description: 'Observation history of a source asset, newest first (empty for other assets).',
    args: { partitionKey: t.arg.string(), first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (a, args, ctx) => {
      const page = validateInput(pageArgs, { first: args.first, after: args.after }, 'observations');
      const result = await ctx.storage.observationHistory(a.key, {
        limit: page.first,
        cursor: page.after ?? null,
        ...(args.partitionKey != null ? { partitionKey: args.partitionKey } : {}),
      });
      return { nodes: result.items, pageInfo: { endCursor: result.nextCursor, hasNextPage: result.nextCursor !== null } };
    },
  }),
);

builder.mutationField('observe', (t) =>
  t.field({
    type: ObserveResult,
    description: 'Calls `observe` of the given source assets (every observable source when omitted) and stores their data versions.',
    args: { assetKeys: t.arg.stringList(), partitionKey: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const assetKeys = validateInput(z.array(keySchema).min(1, 'must list at least one key').max(1000).nullish(), args.assetKeys, 'assetKeys');
      const partitionKey = validateInput(partitionSchema, args.partitionKey, 'partitionKey');
      return asResult(async () => {
        const observations = await observe(actionContext(ctx), { assetKeys: assetKeys ?? undefined, partition: partitionKey ?? undefined });
        return { observations };
      });
    },
  }),
);

builder.mutationField('reportMaterialization', (t) =>
  t.field({
    type: ReportResult,
    description: 'Records a materialization made outside Baton. Without dataVersion it gets a new unique version, so downstream turns stale.',
    args: { assetKey: t.arg.string({ required: true }), partitionKey: t.arg.string(), dataVersion: t.arg.string(), metadata: t.arg({ type: 'JSON' }) },
    resolve: (_root, args, ctx) => {
      const assetKey = validateInput(keySchema, args.assetKey, 'assetKey');
      const partitionKey = validateInput(partitionSchema, args.partitionKey, 'partitionKey');
      const dataVersion = validateInput(z.string().trim().min(1, 'must not be empty').max(200).nullish(), args.dataVersion, 'dataVersion');
      const metadata = validateInput(z.record(z.string(), z.unknown()).nullish(), args.metadata, 'metadata');
      return asResult(async () => {
        const materialization = await report(actionContext(ctx), { assetKey, partition: partitionKey, dataVersion: dataVersion ?? undefined, metadata: metadata ?? undefined });
        return { materialization };
      });
    },
  }),
);
