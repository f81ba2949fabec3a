import { TERMINAL_RUN_STATUSES, resolveSelection, wakeLatch, type StoredEvent } from '@baton/core';
import type { PartitionStatus } from '@baton/planner';
import { z } from 'zod';
import type { BatonContext } from '../context';
import { inputError, mapBatonErrors } from '../internal/to-graphql-error';
import { validateInput } from '../internal/validate-input';
import { optionalSelectionSchema, seqSchema } from '../internal/input-schemas';
import { AssetStatus } from './asset-status';
import { builder } from './builder';
import { RunEvent } from './run';

const runIdSchema = z.string().min(1).max(200);

const PAGE = 500;

/**
 * A run's events from `afterSeq` on, as they are stored (by this process or any other): reads
 * `eventsForRun` after the last seq seen, then waits for the signal (listened to for the whole
 * subscription, so events stored while it read wake it at once) or the poll interval.
 * Ends after the run's last event once the run has ended.
 */
async function* followRun(ctx: BatonContext, runId: string, afterSeq: string | null): AsyncGenerator<StoredEvent> {
  const stored = wakeLatch((wake) => ctx.signal.subscribe(wake));
  try {
    let cursor = afterSeq;
    while (!ctx.abortSignal?.aborted) {
      const events = await ctx.storage.eventsForRun(runId, { afterSeq: cursor, limit: PAGE });
      for (const e of events) {
        cursor = e.seq;
        yield e;
      }
      if (events.length === PAGE) continue;
      const run = await ctx.storage.getRun(runId, { withPlan: false });
      if (!run || TERMINAL_RUN_STATUSES.includes(run.status)) {
        // the run ended: deliver what was written between the read above and the status read, then stop
        for (;;) {
          const rest = await ctx.storage.eventsForRun(runId, { afterSeq: cursor, limit: PAGE });
          for (const e of rest) {
            cursor = e.seq;
            yield e;
          }
          if (rest.length < PAGE) return;
        }
      }
      await stored.wait(ctx.pollMs, ctx.abortSignal);
    }
  } finally {
    stored.close();
  }
}

interface StatusChange {
  readonly assetKey: string;
  readonly status: PartitionStatus;
  readonly previousStatus: PartitionStatus;
  readonly seq: string | null;
}

/** Status changes of the given assets, checked whenever events arrive (signal, listened to for the whole subscription, or poll). */
async function* followStatus(ctx: BatonContext, keys: readonly string[]): AsyncGenerator<StatusChange> {
  const stored = wakeLatch((wake) => ctx.signal.subscribe(wake));
  try {
    const defs = ctx.definitions();
    let state = await ctx.stateCache.get(defs);
    const previous = new Map(keys.map((k) => [k, state.status(k)]));
    for (;;) {
      await stored.wait(ctx.pollMs, ctx.abortSignal);
      if (ctx.abortSignal?.aborted) return;
      const next = await ctx.stateCache.get(defs, { fresh: true });
      if (next === state) continue;
      state = next;
      for (const key of keys) {
        const status = state.status(key);
        const before = previous.get(key)!;
        if (status !== before) {
          previous.set(key, status);
          yield { assetKey: key, status, previousStatus: before, seq: state.seq };
        }
      }
    }
  } finally {
    stored.close();
  }
}

const AssetStatusChange = builder.objectRef<StatusChange>('AssetStatusChange').implement({
  fields: (t) => ({
    assetKey: t.exposeString('assetKey'),
    status: t.field({ type: AssetStatus, resolve: (c) => c.status }),
    previousStatus: t.field({ type: AssetStatus, resolve: (c) => c.previousStatus }),
    seq: t.exposeString('seq', { nullable: true, description: 'The latest event seq the new status reflects.' }),
  }),
});

builder.subscriptionField('runEvents', (t) =>
  t.field({
    type: RunEvent,
    description: 'The events of a run as they happen (from the start, or after `afterSeq`); completes after the run ends.',
    args: { runId: t.arg.id({ required: true }), afterSeq: t.arg.string() },
    subscribe: async (_root, args, ctx) => {
      const runId = validateInput(runIdSchema, String(args.runId), 'runId');
      const afterSeq = validateInput(seqSchema, args.afterSeq, 'afterSeq') ?? null;
      if (!(await ctx.storage.getRun(runId))) throw inputError('RUN_NOT_FOUND', `Run "${runId}" does not exist`, { details: { runId } });
      return followRun(ctx, runId, afterSeq);
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField('assetStatusChanges', (t) =>
  t.field({
    type: AssetStatusChange,
    description: 'Status changes of the selected assets (all when no selection), as runs write events.',
    args: { selection: t.arg.string() },
    subscribe: async (_root, args, ctx) => {
      const selection = validateInput(optionalSelectionSchema, args.selection, 'selection');
      const defs = ctx.definitions();
      const keys = await mapBatonErrors(() => (selection ? resolveSelection(selection, defs) : defs.graph.keys));
      return followStatus(ctx, keys);
    },
    resolve: (change) => change,
  }),
);
