import type { RunPartitionTarget, RunRecord, RunStatus as RunStatusValue, StepRecord, StoredEvent } from '@baton/core';
import { z } from 'zod';
import { validateInput } from '../internal/validate-input';
import { pageSizeSchema, seqSchema } from '../internal/input-schemas';
import { builder } from './builder';
import { PageInfo, Tag, tagsOf, type PageInfoShape } from './common';

const eventLimitSchema = z.number().int().min(1).max(5000);

export const RunStatus = builder.enumType('RunStatus', {
  values: {
    QUEUED: { value: 'queued' },
    STARTING: { value: 'starting' },
    RUNNING: { value: 'running' },
    SUCCESS: { value: 'success' },
    FAILURE: { value: 'failure' },
    CANCELING: { value: 'canceling' },
    CANCELED: { value: 'canceled' },
  } as const,
});

const StepStatus = builder.enumType('StepStatus', {
  values: {
    PENDING: { value: 'pending' },
    RUNNING: { value: 'running' },
    SUCCESS: { value: 'success' },
    FAILURE: { value: 'failure' },
    SKIPPED: { value: 'skipped' },
    CANCELED: { value: 'canceled' },
  } as const,
});

export const RunPartition = builder.objectRef<RunPartitionTarget>('RunPartition').implement({
  description: 'Which partitions a run targets: none, one key, an inclusive range, or explicit keys.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'none, key, range or keys' }),
    key: t.string({ nullable: true, resolve: (p) => (p.kind === 'key' ? p.key : null) }),
    start: t.string({ nullable: true, resolve: (p) => (p.kind === 'range' ? p.start : null) }),
    end: t.string({ nullable: true, resolve: (p) => (p.kind === 'range' ? p.end : null) }),
    keys: t.stringList({ nullable: true, resolve: (p) => (p.kind === 'keys' ? [...p.keys] : null) }),
  }),
});

const Step = builder.objectRef<StepRecord>('Step').implement({
  fields: (t) => ({
    stepKey: t.exposeString('stepKey'),
    assetKeys: t.exposeStringList('assetKeys'),
    partitionKeys: t.exposeStringList('partitionKeys'),
    status: t.field({ type: StepStatus, resolve: (s) => s.status }),
    attempt: t.exposeInt('attempt'),
    startedAt: t.field({ type: 'Timestamp', nullable: true, resolve: (s) => s.startedAt }),
    endedAt: t.field({ type: 'Timestamp', nullable: true, resolve: (s) => s.endedAt }),
    durationMs: t.float({ nullable: true, resolve: (s) => (s.startedAt !== null && s.endedAt !== null ? s.endedAt - s.startedAt : null) }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

/** A one-line summary of an event for logs views. */
export function eventMessage(e: StoredEvent): string {
  switch (e.type) {
    case 'LOG': return e.message;
    case 'RUN_FAILURE': return `Run failed: ${e.error}`;
    case 'RUN_REQUEUED': return `Run back in the queue: ${e.reason}`;
    case 'STEP_FAILURE': return `Step ${e.stepKey} failed (attempt ${e.attempt}${e.willRetry ? ', will retry' : ''}): ${e.error}`;
    case 'STEP_STARTED': return `Step ${e.stepKey} started (attempt ${e.attempt})`;
    case 'STEP_SUCCESS': return `Step ${e.stepKey} succeeded in ${e.durationMs} ms`;
    case 'STEP_SKIPPED': return `Step ${e.stepKey} skipped: ${e.reason}`;
    case 'MATERIALIZATION': return `Materialized ${e.assetKey}${e.partitionKey !== null ? ` [${e.partitionKey}]` : ''}`;
    case 'OBSERVATION': return `Observed ${e.assetKey}${e.partitionKey !== null ? ` [${e.partitionKey}]` : ''}`;
    case 'CHECK_RESULT': return `Check ${e.checkName} on ${e.assetKey} ${e.passed ? 'passed' : 'failed'}`;
    default: return e.type.toLowerCase().replace(/_/g, ' ');
  }
}

export const RunEvent = builder.objectRef<StoredEvent>('RunEvent').implement({
  description: 'One stored event of a run. `payload` holds the whole event as JSON.',
  fields: (t) => ({
    seq: t.exposeString('seq', { description: 'Pass as `afterSeq` to continue after this event.' }),
    runId: t.exposeString('runId', { nullable: true }),
    type: t.exposeString('type'),
    timestamp: t.field({ type: 'Timestamp', resolve: (e) => e.timestamp }),
    stepKey: t.string({ nullable: true, resolve: (e) => e.stepKey ?? null }),
    level: t.string({ nullable: true, resolve: (e) => (e.type === 'LOG' ? e.level : e.type.endsWith('FAILURE') ? 'error' : null) }),
    message: t.string({ resolve: eventMessage }),
    payload: t.field({ type: 'JSON', resolve: (e) => e }),
  }),
});

const RunEventPage = builder.objectRef<{ events: StoredEvent[]; cursor: string | null; hasMore: boolean }>('RunEventPage').implement({
  fields: (t) => ({
    events: t.field({ type: [RunEvent], resolve: (p) => p.events }),
    cursor: t.exposeString('cursor', { nullable: true, description: 'The last seq returned (or the one passed in): pass it as `afterSeq` next time.' }),
    hasMore: t.exposeBoolean('hasMore'),
  }),
});

export const Run = builder.objectRef<RunRecord>('Run').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: RunStatus, resolve: (r) => r.status }),
    assetKeys: t.exposeStringList('assetKeys'),
    partition: t.field({ type: RunPartition, resolve: (r) => r.partition }),
    tags: t.field({ type: [Tag], resolve: (r) => tagsOf(r.tags) }),
    backfillId: t.exposeID('backfillId', { nullable: true }),
    parentRunId: t.exposeID('parentRunId', { nullable: true }),
    priority: t.exposeInt('priority'),
    createdAt: t.field({ type: 'Timestamp', resolve: (r) => r.createdAt }),
    startedAt: t.field({ type: 'Timestamp', nullable: true, resolve: (r) => r.startedAt }),
    endedAt: t.field({ type: 'Timestamp', nullable: true, resolve: (r) => r.endedAt }),
    durationMs: t.float({ nullable: true, resolve: (r) => (r.startedAt !== null && r.endedAt !== null ? r.endedAt - r.startedAt : null) }),
    owner: t.exposeString('owner', { nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    plan: t.field({ type: 'JSON', description: 'The run plan (steps, partitions, reasons).', resolve: (r) => r.plan }),
    steps: t.field({ type: [Step], resolve: (r, _args, ctx) => ctx.storage.listSteps(r.id) }),
    events: t.field({
      type: RunEventPage,
      description: 'Events and logs after `afterSeq` (exclusive), oldest first.',
      args: { afterSeq: t.arg.string(), limit: t.arg.int({ defaultValue: 500 }) },
      resolve: async (r, args, ctx) => {
        const afterSeq = validateInput(seqSchema, args.afterSeq, 'afterSeq') ?? null;
        const limit = validateInput(eventLimitSchema, args.limit, 'limit');
        const events = await ctx.storage.eventsForRun(r.id, { afterSeq, limit: limit + 1 });
        const page = events.slice(0, limit);
        return { events: page, cursor: page.length > 0 ? page[page.length - 1]!.seq : afterSeq, hasMore: events.length > limit };
      },
    }),
  }),
});

const RunConnection = builder.objectRef<{ nodes: readonly RunRecord[]; pageInfo: PageInfoShape; filter: object }>('RunConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [Run], resolve: (c) => [...c.nodes] }),
    pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
    totalCount: t.int({ description: 'Runs matching the filter (one extra count query).', resolve: (c, _a, ctx) => ctx.storage.countRuns(c.filter) }),
  }),
});

export const RunFilterInput = builder.inputType('RunFilter', {
  fields: (t) => ({
    status: t.field({ type: [RunStatus] }),
    assetKey: t.string(),
    backfillId: t.id(),
    createdAfter: t.field({ type: 'Timestamp' }),
    createdBefore: t.field({ type: 'Timestamp' }),
  }),
});

const runFilterSchema = z.object({
  status: z.array(z.string()).max(7).nullish(),
  assetKey: z.string().min(1).max(500).nullish(),
  backfillId: z.union([z.string(), z.number()]).nullish(),
  createdAfter: z.number().nullish(),
  createdBefore: z.number().nullish(),
});

builder.queryField('runs', (t) =>
  t.field({
    type: RunConnection,
    description: 'Runs, newest first.',
    args: { filter: t.arg({ type: RunFilterInput }), first: t.arg.int({ defaultValue: 50 }), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const f = validateInput(runFilterSchema, args.filter ?? {}, 'filter');
      const first = validateInput(pageSizeSchema, args.first, 'first');
      const filter = {
        ...(f.status?.length ? { statuses: f.status as RunStatusValue[] } : {}),
        ...(f.assetKey ? { assetKey: f.assetKey } : {}),
        ...(f.backfillId != null ? { backfillId: String(f.backfillId) } : {}),
        ...(f.createdAfter != null ? { createdAfter: f.createdAfter } : {}),
        ...(f.createdBefore != null ? { createdBefore: f.createdBefore } : {}),
      };
      const page = await ctx.storage.listRuns(filter, { limit: first, cursor: args.after ?? null });
      return { nodes: page.items, filter, pageInfo: { endCursor: page.nextCursor, hasNextPage: page.nextCursor !== null } };
    },
  }),
);

builder.queryField('run', (t) =>
  t.field({
    type: Run,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.storage.getRun(String(args.id)).then((r) => r ?? null),
  }),
);
