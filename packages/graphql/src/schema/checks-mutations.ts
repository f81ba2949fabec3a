import { BatonError, resolveSelection, type CheckOutcome } from '@baton/core';
import { runChecks, type RunChecksResult } from '@baton/runner';
import { z } from 'zod';
import { validateInput } from '../internal/validate-input';
import { builder } from './builder';
import { CheckSeverity, isPartitioned } from './checks';
import { asResult, resultUnion } from './user-errors';

const CheckOutcomeType = builder.objectRef<CheckOutcome>('CheckOutcome').implement({
  description: 'The outcome of one check on one partition, as evaluated now.',
  fields: (t) => ({
    assetKey: t.exposeString('assetKey'),
    partitionKey: t.exposeString('partitionKey', { nullable: true }),
    checkName: t.exposeString('checkName'),
    passed: t.exposeBoolean('passed'),
    severity: t.field({ type: CheckSeverity, resolve: (o) => o.severity }),
    blocking: t.exposeBoolean('blocking'),
    metadata: t.field({ type: 'JSON', resolve: (o) => o.metadata }),
  }),
});

const UncheckedPartition = builder.objectRef<{ assetKey: string; partitionKey: string | null }>('UncheckedPartition').implement({
  description: 'A requested partition with checks but no stored value to check.',
  fields: (t) => ({ assetKey: t.exposeString('assetKey'), partitionKey: t.exposeString('partitionKey', { nullable: true }) }),
});

const RunChecksSuccess = builder.objectRef<RunChecksResult>('RunChecksSuccess').implement({
  description: 'The checks ran on the stored values; every outcome is stored (runId null).',
  fields: (t) => ({
    passed: t.int({ description: 'Outcomes that passed.', resolve: (r) => r.outcomes.filter((o) => o.passed).length }),
    failed: t.int({ description: 'Outcomes that failed (any severity).', resolve: (r) => r.outcomes.filter((o) => !o.passed).length }),
    failedErrors: t.int({ description: 'Failed outcomes of ERROR severity.', resolve: (r) => r.outcomes.filter((o) => !o.passed && o.severity === 'error').length }),
    ok: t.boolean({ description: 'True when no ERROR check failed (what `baton check` exits 0 on).', resolve: (r) => !r.failed }),
    outcomes: t.field({ type: [CheckOutcomeType], resolve: (r) => [...r.outcomes] }),
    notMaterialized: t.field({ type: [UncheckedPartition], resolve: (r) => [...r.notMaterialized] }),
  }),
});
const RunChecksResultUnion = resultUnion('RunChecksResult', RunChecksSuccess, 'The outcomes of the checks, or why none ran.');

const selectionSchema = z.string().trim().min(1, 'must not be empty').max(10_000);
const partitionSchema = z.string().min(1, 'must not be empty').max(500).nullish();

builder.mutationField('runChecks', (t) =>
  t.field({
    type: RunChecksResultUnion,
    description:
      'Runs the checks of the selected assets now, on their stored values (the latest materialization of each partition, or of `partition`), without materializing anything. Results are stored like those of a run.',
    args: { selection: t.arg.string({ required: true }), partition: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const selection = validateInput(selectionSchema, args.selection, 'selection');
      const partition = validateInput(partitionSchema, args.partition, 'partition');
      return asResult(async () => {
        const state = await ctx.plannerState();
        const defs = state.definitions;
        const keys = resolveSelection(selection, defs).filter((k) => defs.checksOf(k).length > 0);
        if (keys.length === 0) {
          const withChecks = [...new Set(defs.checks.map((c) => c.assetKey))];
          throw new BatonError('SELECTION_EMPTY', `No checks are defined on the assets of selection "${selection}"`, {
            hint: withChecks.length ? `assets with checks: ${withChecks.slice(0, 10).join(', ')}${withChecks.length > 10 ? ', …' : ''}` : 'declare checks with check({ … }) in definitions({ checks })',
            details: { selection },
          });
        }
        if (partition != null) {
          const partitioned = keys.map((k) => defs.get(k)).filter(isPartitioned);
          if (partitioned.length === 0) {
            throw new BatonError('PARTITION_KEY_INVALID', `None of the selected assets with checks is partitioned, so partition "${partition}" does not apply`, {
              hint: 'omit partition',
              details: { partitionKey: partition },
            });
          }
          for (const a of partitioned) a.partitions!.validateKey(partition, state.partitionContext);
        }
        const ioManagers = ctx.ioManagers ? await ctx.ioManagers(defs) : defs.ioManagers;
        const result = await runChecks({ definitions: defs, storage: ctx.storage, ioManagers, selection: keys, ...(partition != null ? { partitions: [partition] } : {}) });
        // a failing blocking check counts as a failed materialization in the planner's snapshot
        ctx.stateCache.invalidate();
        ctx.signal.notify();
        return result;
      });
    },
  }),
);
