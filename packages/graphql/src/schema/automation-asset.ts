import { explainAutomation, freshnessOf, type Freshness } from '@baton/automation';
import type { AutomationCondition } from '@baton/core';
import { z } from 'zod';
import { recentConditionTicks } from '../internal/automation-catalog';
import { describeCondition } from '../internal/describe-condition';
import { validateInput } from '../internal/validate-input';
import { Asset } from './asset';
import { builder } from './builder';

const FreshnessStatus = builder.enumType('FreshnessStatus', {
  description: "Health against the asset's freshness policy: UNKNOWN when it has none or was never materialized.",
  values: { FRESH: { value: 'fresh' }, WARN: { value: 'warn' }, OVERDUE: { value: 'overdue' }, UNKNOWN: { value: 'unknown' } } as const,
});

const AssetFreshness = builder.objectRef<Freshness>('AssetFreshness').implement({
  description: 'How fresh the asset is against its freshness policy (maxAge or deadline).',
  fields: (t) => ({
    status: t.field({ type: FreshnessStatus, resolve: (f) => f.status }),
    reason: t.exposeString('reason', { description: 'Plain words, e.g. "last materialized 3h 5m ago; the limit is 2h".' }),
    policy: t.field({ type: 'JSON', nullable: true, description: 'The policy as JSON ({ kind: "maxAge", … } or { kind: "deadline", … }).', resolve: (f) => f.policy }),
    lastMaterializedAt: t.field({ type: 'Timestamp', nullable: true, resolve: (f) => f.lastMaterializedAt }),
    nextChangeAt: t.field({ type: 'Timestamp', nullable: true, description: 'When the status gets worse next, if known.', resolve: (f) => f.nextChangeAt }),
  }),
});

const AutomationConditionInfo = builder.objectRef<AutomationCondition>('AutomationConditionInfo').implement({
  description: 'The declarative automation condition of an asset.',
  fields: (t) => ({
    text: t.string({ description: 'One line, e.g. "eager" or "onCron(0 9 * * *, UTC)".', resolve: (c) => describeCondition(c) }),
    json: t.field({ type: 'JSON', description: 'The condition tree as plain kind-tagged nodes.', resolve: (c) => c }),
  }),
});

const partitionSchema = z.string().min(1, 'must not be empty').max(500).nullish();

builder.objectFields(Asset, (t) => ({
  freshness: t.field({
    type: AssetFreshness,
    description: 'Health against the freshness policy (status UNKNOWN without one), from the same snapshot as status.',
    // synchronous once the snapshot is loaded: a promise per asset costs the catalog's 10,000 rows ~1 s
    resolve: (a, _args, ctx) => {
      const state = ctx.plannerStateIfReady();
      if (state) return freshnessOf(a, state.latestMaterialization(a.key), Date.now());
      return ctx.plannerState().then((s) => freshnessOf(a, s.latestMaterialization(a.key), Date.now()));
    },
  }),
  automationCondition: t.field({
    type: AutomationConditionInfo,
    nullable: true,
    description: 'When the automation daemon requests this asset; null when it is never requested automatically.',
    resolve: (a) => a.automation ?? null,
  }),
  automationEvaluation: t.string({
    nullable: true,
    description:
      "The latest automation evaluation in plain words (one line per group of partitions, or only `partitionKey`'s), e.g. \"not requested: upstream `raw/orders` partition 2026-03-01 is missing\". Null when the asset has no automation condition.",
    args: { partitionKey: t.arg.string() },
    resolve: async (a, args, ctx) => {
      const partitionKey = validateInput(partitionSchema, args.partitionKey, 'partitionKey');
      if (!a.automation) return null;
      return explainAutomation(a.key, await recentConditionTicks(ctx), partitionKey ?? undefined);
    },
  }),
}));
