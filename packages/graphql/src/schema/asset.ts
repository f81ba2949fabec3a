import { sqlText, type AssetDefinition } from '@baton/core';
import type { StatusRun } from '@baton/planner';
import { z } from 'zod';
import { partitionLineage } from '../internal/partition-lineage';
import { partitionRanges, type PartitionStatusRun } from '../internal/partition-runs';
import { mapBatonErrors } from '../internal/to-graphql-error';
import { validateInput } from '../internal/validate-input';
import { pageSizeSchema } from '../internal/input-schemas';
import { AssetStatus } from './asset-status';
import { builder } from './builder';
import { PageInfo, Tag, tagsOf } from './common';
import { Materialization, MaterializationConnection, PartitionLineage } from './materialization';
import { Partitioning } from './partitioning';
import { StaleCauseType } from './stale-cause';

const StatusCounts = builder
  .objectRef<{ fresh: number; stale: number; missing: number; failed: number; in_progress: number }>('StatusCounts')
  .implement({
    fields: (t) => ({
      fresh: t.exposeInt('fresh'),
      stale: t.exposeInt('stale'),
      missing: t.exposeInt('missing'),
      failed: t.exposeInt('failed'),
      inProgress: t.exposeInt('in_progress'),
    }),
  });

const PartitionStatusRange = builder.objectRef<PartitionStatusRun>('PartitionStatusRange').implement({
  description: 'Consecutive partitions (in key order) with the same status, or, when `ranges(limit:)` merged them, a span of several statuses (`mixed`).',
  fields: (t) => ({
    status: t.field({ type: AssetStatus, description: 'The status, or for a mixed span the worst in it (failed > in progress > stale > missing > fresh).', resolve: (r) => r.status }),
    firstKey: t.exposeString('firstKey'),
    lastKey: t.exposeString('lastKey'),
    count: t.exposeInt('count'),
    mixed: t.boolean({ description: 'The span holds partitions of several statuses (only when `ranges(limit:)` merged runs).', resolve: (r) => r.mixed === true }),
  }),
});

type PartitionStatusData = { total: number; counts: StatusCounts; upstreamChangesPending: number; runs: () => readonly StatusRun[]; keyAt: (index: number) => string };
const rangeLimitSchema = z.number().int().min(1).max(100_000);

const PartitionStatusSummary = builder
  .objectRef<PartitionStatusData>('PartitionStatusSummary')
  .implement({
    description: 'Status of every partition as compact ranges: runs of equal status over the key order.',
    fields: (t) => ({
      total: t.exposeInt('total'),
      counts: t.field({ type: StatusCounts, resolve: (s) => s.counts }),
      upstreamChangesPending: t.exposeInt('upstreamChangesPending', { description: 'Partitions fresh by their own inputs and code that read something stale or missing upstream.' }),
      ranges: t.field({
        type: [PartitionStatusRange],
        description:
          'Runs of equal status in key order. With `limit` (1-100,000), at most that many: when there are more, the key order is cut into `limit` equal spans, each with its worst status and `mixed` set when it holds several (what a bar of `limit` pixels shows).',
        args: { limit: t.arg.int() },
        resolve: (s, args) => {
          const limit = args.limit == null ? undefined : validateInput(rangeLimitSchema, args.limit, 'limit');
          return partitionRanges(s.runs(), s.total, limit, s.keyAt);
        },
      }),
    }),
  });
type StatusCounts = { fresh: number; stale: number; missing: number; failed: number; in_progress: number };

const pageArgs = z.object({ first: z.number().int().min(1).max(1000), after: z.string().max(200).nullish() });
const depthArg = z.number().int().min(1).max(50);

export const Asset = builder.objectRef<AssetDefinition>('Asset');

Asset.implement({
  description: 'A defined asset with its stored state.',
  fields: (t) => ({
    key: t.exposeString('key'),
    description: t.exposeString('description', { nullable: true }),
    group: t.exposeString('group'),
    owners: t.exposeStringList('owners'),
    tags: t.field({ type: [Tag], resolve: (a) => tagsOf(a.tags) }),
    kinds: t.exposeStringList('kinds'),
    metadata: t.field({ type: 'JSON', resolve: (a) => a.metadata }),
    codeVersion: t.exposeString('codeVersion'),
    sql: t.string({
      nullable: true,
      description: 'The query of a SQL asset (sqlAsset) as written, upstreams as {{asset key}} and partition bindings as {{partitionKey}}; null for other assets.',
      resolve: (a) => (a.sql ? sqlText(a.sql) : null),
    }),
    isSource: t.boolean({ resolve: (a) => a.role === 'source' }),
    partitioning: t.field({
      type: Partitioning,
      nullable: true,
      resolve: async (a, _args, ctx) => {
        if (!a.partitions || a.partitions.kind === 'unpartitioned') return null;
        const state = await ctx.plannerState();
        return { def: a.partitions, count: a.partitions.count(state.partitionContext) };
      },
    }),
    upstreamKeys: t.stringList({ resolve: (a, _args, ctx) => [...ctx.definitions().graph.parents(a.key)] }),
    downstreamKeys: t.stringList({ resolve: (a, _args, ctx) => [...ctx.definitions().graph.children(a.key)] }),
    status: t.field({
      type: AssetStatus,
      resolve: (a, _args, ctx) => ctx.plannerStateIfReady()?.status(a.key) ?? ctx.plannerState().then((s) => s.status(a.key)),
    }),
    partitionStatus: t.field({
      type: PartitionStatusSummary,
      nullable: true,
      description: 'Null for unpartitioned assets.',
      resolve: async (a, _args, ctx) => {
        if (!a.partitions || a.partitions.kind === 'unpartitioned') return null;
        const state = await ctx.plannerState();
        const summary = state.summary(a.key);
        const partitions = a.partitions;
        const partitionCtx = state.partitionContext;
        return {
          total: summary.total, counts: summary.counts, upstreamChangesPending: summary.upstreamChangesPending,
          runs: () => state.staleness.statusRuns(a.key), // only when ranges are asked for
          keyAt: (index: number) => partitions.keyAt(index, partitionCtx),
        };
      },
    }),
    upstreamChangesPending: t.boolean({
      description:
        'True when the asset (or one partition) is fresh by its own code, dependencies and input data versions but reads, at any depth, something stale or missing: it will change when those are rebuilt (see staleCauses). Without a key: whether any partition is so.',
      args: { partitionKey: t.arg.string() },
      resolve: (a, args, ctx) => {
        // without a key: the cached summary (sync once the request has the state: 10,000 lineage nodes stay cheap)
        const ready = ctx.plannerStateIfReady();
        if (args.partitionKey == null) return ready ? ready.summary(a.key).upstreamChangesPending > 0 : ctx.plannerState().then((s) => s.summary(a.key).upstreamChangesPending > 0);
        return ctx.plannerState().then((state) =>
          mapBatonErrors(() => {
            if (a.partitions) a.partitions.validateKey(args.partitionKey!, state.partitionContext);
            return state.staleness.upstreamChangesPending(a.key, args.partitionKey!);
          }),
        );
      },
    }),
    staleCauses: t.field({
      type: [StaleCauseType],
      description:
        'Why the asset (or one partition) is stale — its own causes — or, when it is fresh with upstream changes pending, the outdated upstreams it reads, each with its chain down to the root causes. All such partitions when no key is given, at most `limit`.',
      args: { partitionKey: t.arg.string(), limit: t.arg.int({ defaultValue: 50 }) },
      resolve: async (a, args, ctx) => {
        const limit = validateInput(pageSizeSchema, args.limit, 'limit');
        const state = await ctx.plannerState();
        ctx.budget.check();
        return mapBatonErrors(() => {
          if (args.partitionKey != null && a.partitions) a.partitions.validateKey(args.partitionKey, state.partitionContext);
          return state.staleness.explain(a.key, args.partitionKey ?? undefined, limit);
        });
      },
    }),
    latestMaterialization: t.field({
      type: Materialization,
      nullable: true,
      description: 'The newest materialization over all partitions (from the same snapshot as status).',
      resolve: (a, _args, ctx) => ctx.plannerStateIfReady()?.latestMaterialization(a.key) ?? ctx.plannerState().then((s) => s.latestMaterialization(a.key)),
    }),
    materializations: t.field({
      type: MaterializationConnection,
      description: 'Materialization history, newest first.',
      args: { partitionKey: t.arg.string(), first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: async (a, args, ctx) => {
        const page = validateInput(pageArgs, { first: args.first, after: args.after }, 'materializations');
        const result = await ctx.storage.materializationHistory(a.key, {
          limit: page.first,
          cursor: page.after ?? null,
          ...(args.partitionKey != null ? { partitionKey: args.partitionKey } : {}),
        });
        return { nodes: result.items, pageInfo: { endCursor: result.nextCursor, hasNextPage: result.nextCursor !== null } };
      },
    }),
    dynamicPartitionKeys: t.stringList({
      nullable: true,
      description: 'The current keys when the asset has dynamic partitions.',
      resolve: async (a, _args, ctx) => {
        if (a.partitions?.kind !== 'dynamic') return null;
        return [...a.partitions.keys((await ctx.plannerState()).partitionContext)];
      },
    }),
  }),
});

export { PageInfo };

builder.queryField('materialization', (t) =>
  t.field({
    type: Materialization,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.materialization.load(String(args.id)),
  }),
);

builder.queryField('partitionLineage', (t) =>
  t.field({
    type: PartitionLineage,
    nullable: true,
    description: 'For one materialization, the upstream materializations it consumed, recursively up to `depth` levels (null when the id does not exist).',
    args: { materializationId: t.arg.id({ required: true }), depth: t.arg.int({ defaultValue: 5 }) },
    resolve: async (_root, args, ctx) => {
      const depth = validateInput(depthArg, args.depth, 'depth');
      const root = await ctx.loaders.materialization.load(String(args.materializationId));
      return root ? partitionLineage(ctx.storage, root, depth) : null;
    },
  }),
);
