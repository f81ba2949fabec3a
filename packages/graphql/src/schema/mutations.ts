import { cancelBackfill, cancelRun, launchBackfill, materialize, reexecuteRun, resumeBackfill, retryFailedBackfill } from '@baton/actions';
import { BatonError, didYouMean, type BackfillRecord, type RunRecord } from '@baton/core';
import type { BatonContext } from '../context';
import type { PartitionRequest } from '@baton/planner';
import { z } from 'zod';
import { actionContext } from '../internal/action-context';
import { policySchema, toBackfillRequest, toRunPolicy } from '../internal/backfill-request';
import { validateInput } from '../internal/validate-input';
import { Backfill } from './backfill';
import { builder } from './builder';
import { KeyRangeInput } from './common';
import { BackfillInput, RunPolicyInput } from './inputs';
import { Run } from './run';
import { asResult, resultUnion } from './user-errors';

const LaunchSuccess = builder.objectRef<{ runs: readonly RunRecord[]; backfill: BackfillRecord | null }>('LaunchSuccess').implement({
  description: 'Runs were queued. A plan whose runs depend on each other is launched as a backfill (`backfill` set).',
  fields: (t) => ({
    runs: t.field({ type: [Run], resolve: (s) => s.runs }),
    backfill: t.field({ type: Backfill, nullable: true, resolve: (s) => s.backfill }),
  }),
});
const LaunchResult = resultUnion('LaunchResult', LaunchSuccess, 'The runs queued, or why nothing was launched.');

const RunSuccess = builder.objectRef<{ run: RunRecord }>('RunSuccess').implement({
  fields: (t) => ({ run: t.field({ type: Run, resolve: (s) => s.run }) }),
});
const RunResult = resultUnion('RunResult', RunSuccess, 'The run after the change, or why it was refused.');

const BackfillSuccess = builder.objectRef<{ backfill: BackfillRecord }>('BackfillSuccess').implement({
  fields: (t) => ({ backfill: t.field({ type: Backfill, resolve: (s) => s.backfill }) }),
});
const BackfillResult = resultUnion('BackfillResult', BackfillSuccess, 'The backfill after the change, or why it was refused.');

const DynamicPartitionsSuccess = builder.objectRef<{ name: string; keys: string[] }>('DynamicPartitionsSuccess').implement({
  fields: (t) => ({ name: t.exposeString('name'), keys: t.exposeStringList('keys', { description: 'Every key after the change.' }) }),
});
const DynamicPartitionsResult = resultUnion('DynamicPartitionsResult', DynamicPartitionsSuccess, 'The keys after the change, or why it was refused.');

const selectionSchema = z.string().trim().min(1, 'must not be empty').max(10_000);
const idSchema = z.string().min(1, 'must not be empty').max(200);
const keysSchema = z
  .array(z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters').refine((k) => k.trim() === k, 'must not start or end with whitespace'))
  .min(1, 'must list at least one key')
  .max(10_000);

builder.mutationField('materialize', (t) =>
  t.field({
    type: LaunchResult,
    description: 'Materializes the selected assets (fresh or not), for one partition key or an inclusive range of partitioned assets (default: their latest partition, plus the partitions of selected upstreams those read), as `baton materialize` does.',
    args: { selection: t.arg.string({ required: true }), partition: t.arg.string(), range: t.arg({ type: KeyRangeInput }) },
    resolve: (_root, args, ctx) => {
      const selection = validateInput(selectionSchema, args.selection, 'selection');
      const partition = validateInput(z.string().min(1, 'must not be empty').max(500).nullish(), args.partition, 'partition');
      if (partition != null && args.range != null) validateInput(z.never({ message: 'pass either partition or range, not both' }), 1, 'range');
      const range = validateInput(z.object({ from: z.string().min(1).max(500), to: z.string().min(1).max(500) }).nullish(), args.range, 'range');
      const partitions: PartitionRequest | undefined = partition ?? (range ? { from: range.from, to: range.to } : undefined);
      return asResult(() => materialize(actionContext(ctx), { select: selection, partitions }));
    },
  }),
);

builder.mutationField('materializeStale', (t) =>
  t.field({
    type: LaunchResult,
    description: 'Materializes every stale, missing or failed partition in the selection (all assets when omitted) and what is downstream of it.',
    args: { selection: t.arg.string(), policy: t.arg({ type: RunPolicyInput, description: 'Default PER_PARTITION.' }) },
    resolve: (_root, args, ctx) => {
      const selection = validateInput(selectionSchema.nullish(), args.selection, 'selection');
      const policy = validateInput(policySchema.nullish(), args.policy, 'policy');
      return asResult(() => materialize(actionContext(ctx), { select: selection ?? undefined, stale: true, ...(policy ? { runPolicy: toRunPolicy(policy) } : {}) }));
    },
  }),
);

builder.mutationField('launchBackfill', (t) =>
  t.field({
    type: BackfillResult,
    description: 'Plans and launches a backfill (preview it first with the backfillPreview query).',
    args: { input: t.arg({ type: BackfillInput, required: true }) },
    resolve: (_root, args, ctx) => {
      const request = toBackfillRequest(args.input);
      return asResult(() => launchBackfill(actionContext(ctx), request));
    },
  }),
);

const runMutation = (name: string, description: string, action: (ctx: BatonContext, runId: string) => Promise<RunRecord>) =>
  builder.mutationField(name, (t) =>
    t.field({
      type: RunResult,
      description,
      args: { runId: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => {
        const runId = validateInput(idSchema, String(args.runId), 'runId');
        return asResult(async () => ({ run: await action(ctx, runId) }));
      },
    }),
  );
runMutation('cancelRun', 'Cancels a run: a queued run at once, a running one is asked to stop (RUN_CANCELING).', async (ctx, id) => (await cancelRun(actionContext(ctx), id)).run);
runMutation('reexecuteRun', 'Queues a new run of the steps of a failed or canceled run that did not succeed.', (ctx, id) => reexecuteRun(actionContext(ctx), id));

const backfillMutation = (name: string, description: string, action: typeof cancelBackfill) =>
  builder.mutationField(name, (t) =>
    t.field({
      type: BackfillResult,
      description,
      args: { backfillId: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => {
        const id = validateInput(idSchema, String(args.backfillId), 'backfillId');
        return asResult(async () => ({ backfill: await action(actionContext(ctx), id) }));
      },
    }),
  );
backfillMutation('cancelBackfill', 'Cancels a backfill: queued runs are dropped, running runs asked to stop.', cancelBackfill);
backfillMutation('resumeBackfill', 'Resumes a canceled backfill: canceled runs are queued again.', resumeBackfill);
backfillMutation('retryFailedBackfill', 'Re-runs only the failed part of a backfill.', retryFailedBackfill);

const dynamicMutation = (name: string, description: string, action: 'add' | 'delete') =>
  builder.mutationField(name, (t) =>
    t.field({
      type: DynamicPartitionsResult,
      description,
      args: { name: t.arg.string({ required: true }), keys: t.arg.stringList({ required: true }) },
      resolve: (_root, args, ctx) => {
        const partitionsName = validateInput(z.string().min(1, 'must not be empty').max(200), args.name, 'name');
        const keys = validateInput(keysSchema, args.keys, 'keys');
        return asResult(async () => {
          const defs = ctx.definitions();
          const names = new Set(defs.assets.flatMap((a) => (a.partitions?.kind === 'dynamic' ? [String(a.partitions.toJSON().name)] : [])));
          if (!names.has(partitionsName)) {
            const guess = didYouMean(partitionsName, names);
            throw new BatonError('PARTITIONS_DEFINITION_INVALID', `No asset uses dynamic partitions "${partitionsName}"`, {
              hint: guess ? `did you mean "${guess}"?` : `defined dynamic partitions: ${[...names].join(', ') || 'none'}`,
              details: { name: partitionsName },
            });
          }
          if (action === 'add') await ctx.storage.addDynamicPartitions(partitionsName, keys);
          else await ctx.storage.deleteDynamicPartitions(partitionsName, keys);
          ctx.stateCache.invalidate();
          ctx.signal.notify();
          return { name: partitionsName, keys: await ctx.storage.getDynamicPartitions(partitionsName) };
        });
      },
    }),
  );
dynamicMutation('addDynamicPartitions', 'Adds keys to a dynamic partitions definition (existing keys are kept).', 'add');
dynamicMutation('deleteDynamicPartitions', 'Deletes keys from a dynamic partitions definition.', 'delete');
