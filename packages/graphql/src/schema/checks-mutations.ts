import { runChecks } from '@baton/actions';
import type { CheckOutcome } from '@baton/core';
import type { RunChecksResult } from '@baton/runner';
import { actionContext } from '../internal/action-context';
import { z } from 'zod';
import { validateInput } from '../internal/validate-input';
import { builder } from './builder';
import { CheckSeverity } from './checks';
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
      return asResult(() => runChecks(actionContext(ctx), { select: selection, partition: partition ?? undefined }));
    },
  }),
);
