import { CONDITIONS_NAME, type AssetEvaluation, type PlannedRunRequest } from '@baton/automation';
import { BatonError, didYouMean, type AutomationTick as TickRecord, type ScheduleDefinition, type SensorDefinition } from '@baton/core';
import { z } from 'zod';
import type { BatonContext } from '../context';
import { automationStates, nextScheduleTick, nextSensorTick, statusOf, type AutomationEntry } from '../internal/automation-catalog';
import { mapBatonErrors } from '../internal/to-graphql-error';
import { validateInput } from '../internal/validate-input';
import { builder } from './builder';
import { PageInfo, Tag, tagsOf, type PageInfoShape } from './common';

export const AutomationStatus = builder.enumType('AutomationStatus', {
  description: 'Whether the daemon evaluates a schedule or sensor (every one runs until stopped).',
  values: { RUNNING: { value: 'running' }, STOPPED: { value: 'stopped' } } as const,
});

const TickStatus = builder.enumType('TickStatus', {
  description: 'SUCCESS: runs were requested; SKIPPED: nothing to request; FAILURE: the sensor threw or launching failed.',
  values: { SUCCESS: { value: 'success' }, SKIPPED: { value: 'skipped' }, FAILURE: { value: 'failure' } } as const,
});

const SensorType = builder.enumType('SensorType', {
  values: { CUSTOM: { value: 'custom' }, ASSET: { value: 'asset' }, RUN_STATUS: { value: 'run-status' } } as const,
});

const CatchUpPolicy = builder.enumType('CatchUpPolicy', {
  description: 'What a schedule does with ticks missed while no daemon ran: NONE skips them, LAST runs the latest, ALL runs each.',
  values: { NONE: { value: 'none' }, LAST: { value: 'last' }, ALL: { value: 'all' } } as const,
});

const AutomationRunRequest = builder.objectRef<PlannedRunRequest>('AutomationRunRequest').implement({
  description: 'A run a tick requested.',
  fields: (t) => ({
    assetKeys: t.stringList({ resolve: (r) => [...r.assetKeys] }),
    partitionKeys: t.stringList({ nullable: true, description: 'Null for unpartitioned assets.', resolve: (r) => (r.partitionKeys ? [...r.partitionKeys] : null) }),
    tags: t.field({ type: [Tag], resolve: (r) => tagsOf(r.tags) }),
    runKey: t.string({ nullable: true, resolve: (r) => r.runKey ?? null }),
  }),
});

type StoredTick = TickRecord & { id: string };
const evaluationOf = (tick: TickRecord) => (tick.evaluation ?? {}) as { kind?: string; message?: string; requests?: PlannedRunRequest[]; assets?: AssetEvaluation[] };

/** One line: what the tick did. */
export function tickSummary(tick: TickRecord): string {
  const ev = evaluationOf(tick);
  if (tick.status === 'failure' && tick.error) return tick.error;
  if (ev.kind === 'conditions') {
    const assets = ev.assets ?? [];
    const requested = assets.filter((a) => a.requestedCount > 0);
    const partitions = requested.reduce((n, a) => n + (a.partitioned ? a.requestedCount : 0), 0);
    if (requested.length === 0) return `evaluated ${assets.length} asset(s); nothing requested`;
    return `evaluated ${assets.length} asset(s); requested ${requested.length} asset(s)${partitions ? ` (${partitions} partition(s))` : ''}: ${requested.slice(0, 5).map((a) => a.assetKey).join(', ')}${requested.length > 5 ? ', …' : ''}`;
  }
  return ev.message ?? tick.status;
}

export const AutomationTick = builder.objectRef<StoredTick>('AutomationTick').implement({
  description: 'One evaluation of a schedule, a sensor or the declarative conditions (`__conditions`) by the daemon.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    timestamp: t.field({ type: 'Timestamp', resolve: (k) => k.timestamp }),
    status: t.field({ type: TickStatus, resolve: (k) => k.status }),
    runIds: t.stringList({ resolve: (k) => [...k.runIds] }),
    requests: t.field({ type: [AutomationRunRequest], resolve: (k) => evaluationOf(k).requests ?? [] }),
    summary: t.string({ description: 'What the tick did, in plain words.', resolve: (k) => tickSummary(k) }),
    evaluation: t.field({ type: 'JSON', nullable: true, description: 'The stored evaluation: per asset partition groups and reasons for conditions ticks.', resolve: (k) => k.evaluation ?? null }),
    error: t.string({ nullable: true, resolve: (k) => k.error ?? null }),
  }),
});

const AutomationTickConnection = builder.objectRef<{ nodes: readonly StoredTick[]; pageInfo: PageInfoShape }>('AutomationTickConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [AutomationTick], resolve: (c) => [...c.nodes] }),
    pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
  }),
});

const pageSchema = z.object({ first: z.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200'), after: z.string().max(500).nullish() });

async function ticksPage(ctx: BatonContext, name: string, first: number | null | undefined, after: string | null | undefined) {
  const page = validateInput(pageSchema, { first, after }, 'automationTicks');
  const result = await ctx.storage.listTicks(name, { limit: page.first, cursor: page.after ?? null });
  return { nodes: result.items, pageInfo: { endCursor: result.nextCursor, hasNextPage: result.nextCursor !== null } };
}

const lastTick = async (ctx: BatonContext, name: string) => (await ctx.storage.listTicks(name, { limit: 1 })).items[0] ?? null;

export const Schedule = builder.objectRef<AutomationEntry<ScheduleDefinition>>('Schedule').implement({
  description: 'A cron schedule: on each tick of `cron` in `timezone`, a run of `target` (time-partitioned targets: the window that ended last).',
  fields: (t) => ({
    name: t.string({ resolve: (e) => e.def.name }),
    kind: t.string({ description: 'Always "schedule".', resolve: () => 'schedule' }),
    description: t.string({ nullable: true, resolve: (e) => e.def.description ?? null }),
    cron: t.string({ resolve: (e) => e.def.cron }),
    timezone: t.string({ resolve: (e) => e.def.timezone }),
    target: t.string({ description: 'Asset selection text.', resolve: (e) => e.def.target }),
    catchUp: t.field({ type: CatchUpPolicy, resolve: (e) => e.def.catchUp }),
    partitionKeys: t.stringList({ nullable: true, description: 'Fixed partition keys requested on every tick (null: the tick window, or unpartitioned).', resolve: (e) => (e.def.partitions && e.def.partitions !== 'tick-window' ? [...e.def.partitions.keys] : null) }),
    tags: t.field({ type: [Tag], resolve: (e) => tagsOf(e.def.tags) }),
    status: t.field({ type: AutomationStatus, resolve: (e) => statusOf(e.state) }),
    nextTickAt: t.field({ type: 'Timestamp', nullable: true, description: 'Null when stopped.', resolve: (e) => nextScheduleTick(e) }),
    lastTick: t.field({ type: AutomationTick, nullable: true, resolve: (e, _a, ctx) => lastTick(ctx, e.def.name) }),
    ticks: t.field({
      type: AutomationTickConnection,
      description: 'Tick history, newest first.',
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: (e, args, ctx) => ticksPage(ctx, e.def.name, args.first, args.after),
    }),
  }),
});

export const Sensor = builder.objectRef<AutomationEntry<SensorDefinition>>('Sensor').implement({
  description: 'A sensor polled every `intervalSeconds`: a user function, an asset sensor (new materializations of `watchedAssets`) or a run-status sensor.',
  fields: (t) => ({
    name: t.string({ resolve: (e) => e.def.name }),
    kind: t.string({ description: 'Always "sensor".', resolve: () => 'sensor' }),
    sensorType: t.field({ type: SensorType, resolve: (e) => e.def.type }),
    description: t.string({ nullable: true, resolve: (e) => e.def.description ?? null }),
    intervalSeconds: t.float({ resolve: (e) => e.def.intervalSeconds }),
    target: t.string({ nullable: true, description: 'What an asset sensor requests (selection text); null otherwise.', resolve: (e) => (e.def.type === 'asset' ? (e.def.target ?? null) : null) }),
    watchedAssets: t.stringList({ description: 'Assets an asset sensor watches (empty for other sensors).', resolve: (e) => (e.def.type === 'asset' ? [...e.def.assets] : []) }),
    runStatus: t.string({ nullable: true, description: 'failure or success for run-status sensors.', resolve: (e) => (e.def.type === 'run-status' ? e.def.status : null) }),
    status: t.field({ type: AutomationStatus, resolve: (e) => statusOf(e.state) }),
    nextTickAt: t.field({ type: 'Timestamp', nullable: true, description: 'When it is evaluated next (null when stopped).', resolve: (e) => nextSensorTick(e) }),
    lastTick: t.field({ type: AutomationTick, nullable: true, resolve: (e, _a, ctx) => lastTick(ctx, e.def.name) }),
    ticks: t.field({
      type: AutomationTickConnection,
      description: 'Tick history, newest first.',
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: (e, args, ctx) => ticksPage(ctx, e.def.name, args.first, args.after),
    }),
  }),
});

/** The schedule views of the current definitions. */
export async function scheduleEntries(ctx: BatonContext): Promise<AutomationEntry<ScheduleDefinition>[]> {
  const defs = ctx.definitions();
  const states = await automationStates(ctx);
  const now = Date.now();
  return defs.schedules.map((def) => ({ def, state: states.get(def.name), now }));
}

/** The sensor views of the current definitions. */
export async function sensorEntries(ctx: BatonContext): Promise<AutomationEntry<SensorDefinition>[]> {
  const defs = ctx.definitions();
  const states = await automationStates(ctx);
  const now = Date.now();
  return defs.sensors.map((def) => ({ def, state: states.get(def.name), now }));
}

builder.queryField('schedules', (t) =>
  t.field({ type: [Schedule], description: 'Every defined schedule, in definition order, with its status and next tick.', resolve: (_r, _a, ctx) => scheduleEntries(ctx) }),
);

builder.queryField('sensors', (t) =>
  t.field({ type: [Sensor], description: 'Every defined sensor, in definition order, with its status and next evaluation.', resolve: (_r, _a, ctx) => sensorEntries(ctx) }),
);

builder.queryField('schedule', (t) =>
  t.field({
    type: Schedule,
    nullable: true,
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => (await scheduleEntries(ctx)).find((e) => e.def.name === args.name) ?? null,
  }),
);

builder.queryField('sensor', (t) =>
  t.field({
    type: Sensor,
    nullable: true,
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => (await sensorEntries(ctx)).find((e) => e.def.name === args.name) ?? null,
  }),
);

builder.queryField('automationTicks', (t) =>
  t.field({
    type: AutomationTickConnection,
    description: `Tick history of a schedule, a sensor, or the declarative conditions ("${CONDITIONS_NAME}"), newest first.`,
    args: { name: t.arg.string({ required: true }), first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (_r, args, ctx) => {
      const name = validateInput(z.string().min(1, 'must not be empty').max(200), args.name, 'name');
      const defs = ctx.definitions();
      const known = new Set([CONDITIONS_NAME, ...defs.schedules.map((s) => s.name), ...defs.sensors.map((s) => s.name), ...(await automationStates(ctx)).keys()]);
      await mapBatonErrors(() => {
        if (known.has(name)) return;
        const guess = didYouMean(name, known);
        throw new BatonError('AUTOMATION_NOT_FOUND', `No schedule or sensor is named "${name}"`, {
          hint: guess ? `did you mean "${guess}"?` : `names: ${[...known].join(', ')}`,
          details: { name },
        });
      });
      return ticksPage(ctx, name, args.first, args.after);
    },
  }),
);
