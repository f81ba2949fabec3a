import { checkStatusOf, didYouMean, type AssetDefinition, type CheckDefinition, type CheckResultRecord } from '@baton/core';
import { z } from 'zod';
import { checkResultsLoader } from '../internal/check-results-loader';
import { latestOfCheck } from '../internal/check-status';
import { inputError, mapBatonErrors } from '../internal/to-graphql-error';
import { validateInput } from '../internal/validate-input';
import type { BatonContext } from '../context';
import { Asset } from './asset';
import { builder } from './builder';
import { PageInfo, type PageInfoShape } from './common';

export const CheckSeverity = builder.enumType('CheckSeverity', {
  description: 'How bad a failing check is: WARN is reported, ERROR marks the asset as failing its checks.',
  values: { WARN: { value: 'warn' }, ERROR: { value: 'error' } } as const,
});

export const CheckStatus = builder.enumType('CheckStatus', {
  description: 'How the checks of an asset (or one check) stand, from the latest result of each partition and check.',
  values: {
    HEALTHY: { value: 'healthy', description: 'Every latest result passed.' },
    WARN: { value: 'warn', description: 'A warn-severity check failed (no error-severity one did).' },
    FAILING: { value: 'failing', description: 'An error-severity check failed: the data is materialized ("fresh") but bad.' },
    NONE: { value: 'none', description: 'The asset has no checks.' },
    NOT_RUN: { value: 'not_run', description: 'The asset has checks, but none has a result yet.' },
  } as const,
});

export const CheckResult = builder.objectRef<CheckResultRecord>('CheckResult').implement({
  description: 'A stored outcome of one check on one partition.',
  fields: (t) => ({
    id: t.exposeID('id'),
    assetKey: t.exposeString('assetKey'),
    checkName: t.exposeString('checkName'),
    partitionKey: t.exposeString('partitionKey', { nullable: true, description: 'Null for unpartitioned assets.' }),
    runId: t.exposeID('runId', { nullable: true, description: 'The run that evaluated it; null when checks ran alone (runChecks, `baton check`).' }),
    timestamp: t.field({ type: 'Timestamp', resolve: (r) => r.timestamp }),
    passed: t.exposeBoolean('passed'),
    severity: t.field({ type: CheckSeverity, resolve: (r) => r.severity }),
    blocking: t.exposeBoolean('blocking'),
    metadata: t.field({ type: 'JSON', description: 'What the check reported (counts, offending keys, an error message).', resolve: (r) => r.metadata }),
  }),
});

const CheckResultConnection = builder.objectRef<{ nodes: readonly CheckResultRecord[]; pageInfo: PageInfoShape }>('CheckResultConnection').implement({
  description: 'Check results, newest first.',
  fields: (t) => ({
    nodes: t.field({ type: [CheckResult], resolve: (c) => [...c.nodes] }),
    pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
  }),
});

/** A check definition with the asset's latest results (of one partition when `partitionKey` is set). */
interface AssetCheckShape {
  readonly def: CheckDefinition;
  readonly latest: readonly CheckResultRecord[];
  readonly partitionKey: string | null | undefined;
}

const AssetCheck = builder.objectRef<AssetCheckShape>('AssetCheck').implement({
  description: 'A check declared on an asset, with its latest result.',
  fields: (t) => ({
    name: t.string({ resolve: (c) => c.def.name }),
    description: t.string({ nullable: true, resolve: (c) => c.def.description ?? null }),
    severity: t.field({ type: CheckSeverity, resolve: (c) => c.def.severity }),
    blocking: t.boolean({ description: 'A failing blocking ERROR check stops the asset\'s downstream steps in that run.', resolve: (c) => c.def.blocking }),
    latestResult: t.field({
      type: CheckResult,
      nullable: true,
      description: 'The newest result (of the requested partition, else over all partitions); null when it never ran.',
      resolve: (c) => latestOfCheck(c.latest, c.def.name, c.partitionKey),
    }),
    status: t.field({
      type: CheckStatus,
      description: 'From the latest result of every partition (or the requested one).',
      resolve: (c) => checkStatusOf([c.def], c.latest.filter((r) => r.checkName === c.def.name)),
    }),
    failedPartitionCount: t.int({
      description: 'Partitions (or the requested one) whose latest result of this check failed; 0 or 1 for unpartitioned assets.',
      resolve: (c) => c.latest.reduce((n, r) => (r.checkName === c.def.name && !r.passed ? n + 1 : n), 0),
    }),
  }),
});

const partitionArg = z.string().min(1, 'must not be empty').max(500).nullish();
const historyArgs = z.object({
  first: z.number().int().min(1).max(1000),
  after: z.string().regex(/^\d{1,18}$/, 'is not a cursor from pageInfo.endCursor').nullish(),
  checkName: z.string().min(1, 'must not be empty').max(200).nullish(),
  partitionKey: partitionArg,
});

const isPartitioned = (a: AssetDefinition) => a.partitions !== undefined && a.partitions.kind !== 'unpartitioned';

/** Validates a partition key argument against the asset (PARTITION_KEY_INVALID with a hint). */
async function checkPartitionArg(a: AssetDefinition, key: string, ctx: BatonContext): Promise<void> {
  if (!isPartitioned(a)) {
    throw inputError('PARTITION_KEY_INVALID', `Asset "${a.key}" is not partitioned, so it has no partition "${key}"`, { hint: 'omit partitionKey' });
  }
  const state = await ctx.plannerState();
  await mapBatonErrors(() => a.partitions!.validateKey(key, state.partitionContext));
}

builder.objectFields(Asset, (t) => ({
  checks: t.field({
    type: [AssetCheck],
    description: 'The checks declared on the asset, each with its latest result (of `partitionKey` when given).',
    args: { partitionKey: t.arg.string() },
    resolve: async (a, args, ctx) => {
      const partitionKey = validateInput(partitionArg, args.partitionKey, 'partitionKey');
      const checks = ctx.definitions().checksOf(a.key);
      if (partitionKey != null) await checkPartitionArg(a, partitionKey, ctx);
      if (checks.length === 0) return [];
      const all = await checkResultsLoader(ctx).load(a.key);
      const latest = partitionKey == null ? all : all.filter((r) => r.partitionKey === partitionKey);
      return checks.map((def) => ({ def, latest, partitionKey: partitionKey ?? undefined }));
    },
  }),
  checkStatus: t.field({
    type: CheckStatus,
    description: 'FAILING when the latest result of an ERROR check failed (for any partition), WARN for a failing WARN check, HEALTHY when all passed, NONE without checks or results. Batched: one storage read per request.',
    resolve: (a, _args, ctx) => {
      const checks = ctx.definitions().checksOf(a.key);
      if (checks.length === 0) return 'none';
      return checkResultsLoader(ctx)
        .load(a.key)
        .then((latest) => checkStatusOf(checks, latest));
    },
  }),
  checkHistory: t.field({
    type: CheckResultConnection,
    description: 'Stored check results, newest first; of one check and/or one partition when given.',
    args: { checkName: t.arg.string(), partitionKey: t.arg.string(), first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (a, args, ctx) => {
      const page = validateInput(historyArgs, { first: args.first, after: args.after, checkName: args.checkName, partitionKey: args.partitionKey }, 'checkHistory');
      if (page.checkName != null) {
        const names = ctx.definitions().checksOf(a.key).map((c) => c.name);
        if (!names.includes(page.checkName)) {
          const guess = didYouMean(page.checkName, names);
          throw inputError('INPUT_INVALID', `Asset "${a.key}" has no check named "${page.checkName}"`, {
            hint: guess ? `did you mean "${guess}"?` : `its checks: ${names.join(', ') || 'none'}`,
          });
        }
      }
      if (page.partitionKey != null) await checkPartitionArg(a, page.partitionKey, ctx);
      const result = await ctx.storage.checkResultHistory(a.key, {
        limit: page.first,
        cursor: page.after ?? null,
        ...(page.checkName != null ? { checkName: page.checkName } : {}),
        ...(page.partitionKey != null ? { partitionKey: page.partitionKey } : {}),
      });
      return { nodes: result.items, pageInfo: { endCursor: result.nextCursor, hasNextPage: result.nextCursor !== null } };
    },
  }),
}));
