import { planMaterialization, previewBackfill } from '@baton/actions';
import type { BackfillRecord } from '@baton/core';
import { z } from 'zod';
import { actionContext } from '../internal/action-context';
import { policySchema, toBackfillRequest, toRunPolicy } from '../internal/backfill-request';
import { mapBatonErrors } from '../internal/to-graphql-error';
import { validateInput } from '../internal/validate-input';
import { optionalSelectionSchema, pageSizeSchema } from '../internal/input-schemas';
import { builder } from './builder';
import { PageInfo, type PageInfoShape } from './common';
import { BackfillInput, RunPolicyInput } from './inputs';
import { PlanPreview } from './plan';
import { Run } from './run';

export const BackfillStatus = builder.enumType('BackfillStatus', {
  values: {
    REQUESTED: { value: 'requested' },
    CANCELING: { value: 'canceling' },
    CANCELED: { value: 'canceled' },
    COMPLETED_SUCCESS: { value: 'completed_success' },
    COMPLETED_FAILED: { value: 'completed_failed' },
    FAILING: { value: 'failing' },
  } as const,
});

const AssetProgress = builder
  .objectRef<{ assetKey: string; targeted: number; done: number; failed: number; inProgress: number }>('BackfillAssetProgress')
  .implement({
    description: 'Asset partitions of one asset in a backfill: targeted, done, failed, in progress.',
    fields: (t) => ({
      assetKey: t.exposeString('assetKey'),
      targeted: t.exposeInt('targeted'),
      done: t.exposeInt('done'),
      failed: t.exposeInt('failed'),
      inProgress: t.exposeInt('inProgress'),
    }),
  });

export const Backfill = builder.objectRef<BackfillRecord>('Backfill').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: BackfillStatus, resolve: (b) => b.status }),
    createdAt: t.field({ type: 'Timestamp', resolve: (b) => b.createdAt }),
    updatedAt: t.field({ type: 'Timestamp', resolve: (b) => b.updatedAt }),
    endedAt: t.field({ type: 'Timestamp', nullable: true, resolve: (b) => b.endedAt }),
    request: t.field({ type: 'JSON', resolve: (b) => b.request }),
    progress: t.field({
      type: [AssetProgress],
      resolve: (b) => Object.entries(b.progress).map(([assetKey, p]) => ({ assetKey, ...p })),
    }),
    runCount: t.int({ description: 'Runs in the plan.', resolve: (b) => b.runCount }),
    runs: t.field({
      type: [Run],
      description: 'Runs of this backfill so far, newest first.',
      args: { first: t.arg.int({ defaultValue: 50 }) },
      resolve: async (b, args, ctx) =>
        (await ctx.storage.listRuns({ backfillId: b.id }, { limit: validateInput(pageSizeSchema, args.first, 'first') })).items,
    }),
  }),
});

const BackfillConnection = builder.objectRef<{ nodes: readonly BackfillRecord[]; pageInfo: PageInfoShape }>('BackfillConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [Backfill], resolve: (c) => [...c.nodes] }),
    pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
  }),
});

builder.queryField('backfills', (t) =>
  t.field({
    type: BackfillConnection,
    description: 'Backfills, newest first.',
    args: { status: t.arg({ type: [BackfillStatus] }), first: t.arg.int({ defaultValue: 50 }), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const first = validateInput(pageSizeSchema, args.first, 'first');
      // without plans (megabytes each for big backfills): the page polls, and shows only their run counts
      const page = await ctx.storage.listBackfills({ limit: first, cursor: args.after ?? null, ...(args.status?.length ? { statuses: args.status } : {}) }, { withPlan: false });
      return { nodes: page.items, pageInfo: { endCursor: page.nextCursor, hasNextPage: page.nextCursor !== null } };
    },
  }),
);

builder.queryField('backfill', (t) =>
  t.field({
    type: Backfill,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.storage.getBackfill(String(args.id), { withPlan: false }).then((b) => b ?? null),
  }),
);

builder.queryField('materializeStalePreview', (t) =>
  t.field({
    type: PlanPreview,
    description: 'What materializeStale(selection) would launch: every stale, missing or failed partition and what is downstream of it.',
    args: {
      selection: t.arg.string({ description: 'Selection syntax; all assets when omitted.' }),
      policy: t.arg({ type: RunPolicyInput, description: 'Default PER_PARTITION (see the LARGE_PLAN warning for a suggested batch size).' }),
    },
    resolve: async (_root, args, ctx) => {
      const selection = validateInput(optionalSelectionSchema, args.selection, 'selection');
      const policy = validateInput(policySchema.nullish(), args.policy, 'policy');
      return mapBatonErrors(() => planMaterialization(actionContext(ctx), { select: selection ?? undefined, stale: true, ...(policy ? { runPolicy: toRunPolicy(policy) } : {}) }));
    },
  }),
);

builder.queryField('backfillPreview', (t) =>
  t.field({
    type: PlanPreview,
    description: 'What launchBackfill(input) would launch: runs, asset partitions per asset, estimated duration.',
    args: { input: t.arg({ type: BackfillInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const request = toBackfillRequest(args.input);
      return mapBatonErrors(() => previewBackfill(actionContext(ctx), request));
    },
  }),
);
