import { randomUUID } from 'node:crypto';
import { BatonError } from '@baton/core';
import type { AutomationState, AutomationTick, BackfillRecord, BatonStorage, PlanReadOptions, StoredEvent } from '@baton/core';
import type { Kysely } from 'kysely';
import { chunk, IN_LIST_CHUNK, rowsPerStatement } from './chunk';
import type { DialectCapabilities } from './dialect-capabilities';
import { toBackfillRecord } from './row-mappers';
import type { Database, EventsTable } from './schema';

type ControlMethods = Pick<
  BatonStorage,
  | 'eventsForRun' | 'eventsAfter' | 'latestEventSeq'
  | 'getDynamicPartitions' | 'addDynamicPartitions' | 'deleteDynamicPartitions'
  | 'createBackfill' | 'getBackfill' | 'listBackfills' | 'updateBackfill'
  | 'getAutomationState' | 'listAutomationStates' | 'setAutomationState' | 'addTick' | 'listTicks'
  | 'setPoolLimit' | 'getPoolLimits' | 'claimPoolSlot' | 'releasePoolSlot' | 'releasePoolSlotsOfRuns' | 'poolUsage'
  | 'prune'
>;

/** Event types `prune` removes: logs and run/step lifecycle. Materializations, observations and check results stay. */
export const PRUNABLE_EVENT_TYPES = [
  'LOG', 'RUN_QUEUED', 'RUN_STARTING', 'RUN_STARTED', 'RUN_REQUEUED', 'RUN_SUCCESS', 'RUN_FAILURE', 'RUN_CANCELING', 'RUN_CANCELED',
  'STEP_STARTED', 'STEP_SUCCESS', 'STEP_FAILURE', 'STEP_SKIPPED',
];

interface EventRow extends Pick<EventsTable, 'body'> {
  seq: number;
  metadata: string | null;
  provenance: string | null;
}

/** A MATERIALIZATION's body leaves out metadata and provenance: its materializations row (id = seq) holds them. */
const toStoredEvent = (row: EventRow): StoredEvent => {
  const event = JSON.parse(row.body) as Record<string, unknown>;
  if (event.type === 'MATERIALIZATION' && !('metadata' in event) && row.metadata !== null && row.provenance !== null) {
    event.metadata = JSON.parse(row.metadata);
    event.provenance = JSON.parse(row.provenance);
  }
  event.seq = String(row.seq);
  return event as unknown as StoredEvent;
};

function seqCursor(cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  const n = Number(cursor);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new BatonError('INPUT_INVALID', `Event cursor "${cursor}" is not a sequence number`, { hint: 'pass the `seq` of the last event you read, or null to start at the beginning' });
  }
  return n;
}

/** Event reads, dynamic partitions, backfills, automation state, concurrency pools and retention. */
export function controlRepository(db: Kysely<Database>, cap: DialectCapabilities): ControlMethods {
  const selectEvents = () =>
    db
      .selectFrom('events as e')
      .leftJoin('materializations as m', (join) => join.onRef('m.id', '=', 'e.seq').on('e.type', '=', 'MATERIALIZATION'))
      .select(['e.seq', 'e.body', 'm.metadata', 'm.provenance']);
  // backfill rows, with their plan's text unless `withPlan: false` (both databases drop the unused left join on a key)
  const backfillsQuery = (options: PlanReadOptions | undefined) =>
    db
      .selectFrom('backfills')
      .leftJoin('backfill_plans', 'backfill_plans.backfill_id', 'backfills.id')
      .selectAll('backfills')
      .$if(options?.withPlan !== false, (q) => q.select('backfill_plans.plan'));
  return {
    async eventsForRun(runId, options = {}) {
      let q = selectEvents().where('e.run_id', '=', runId).where('e.seq', '>', seqCursor(options.afterSeq)).orderBy('e.seq');
      if (options.limit !== undefined) q = q.limit(options.limit);
      return (await q.execute()).map(toStoredEvent);
    },
    async eventsAfter(afterSeq, options = {}) {
      const rows = await selectEvents().where('e.seq', '>', seqCursor(afterSeq)).orderBy('e.seq').limit(options.limit ?? 1000).execute();
      return rows.map(toStoredEvent);
    },
    async latestEventSeq() {
      const row = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      return row?.seq === null || row?.seq === undefined ? null : String(row.seq);
    },

    async getDynamicPartitions(name) {
      const rows = await db.selectFrom('dynamic_partitions').select('partition_key').where('name', '=', name).orderBy('id').execute();
      return rows.map((r) => r.partition_key);
    },
    async addDynamicPartitions(name, keys) {
      const unique = [...new Set(keys)];
      await cap.writeTransaction(db, async (trx) => {
        for (const part of chunk(unique, rowsPerStatement(cap, 2))) {
          await trx.insertInto('dynamic_partitions').values(part.map((k) => ({ name, partition_key: k }))).onConflict((oc) => oc.columns(['name', 'partition_key']).doNothing()).execute();
        }
      });
    },
    async deleteDynamicPartitions(name, keys) {
      await cap.writeTransaction(db, async (trx) => {
        for (const part of chunk([...keys], IN_LIST_CHUNK)) await trx.deleteFrom('dynamic_partitions').where('name', '=', name).where('partition_key', 'in', part).execute();
      });
    },

    async createBackfill(backfill) {
      const now = Date.now();
      const row = {
        id: backfill.id ?? randomUUID(), status: 'requested', request: JSON.stringify(backfill.request ?? null), run_count: backfill.runCount,
        progress: JSON.stringify(backfill.progress ?? {}), created_at: now, updated_at: now, ended_at: null,
      };
      const plan = JSON.stringify(backfill.plan ?? null);
      // in a write transaction, which returns the row: a retry whose COMMIT went through gets the one it wrote (see write-receipt.ts)
      const written = await cap.writeTransaction(db, async (trx) => {
        await trx.insertInto('backfills').values(row).execute();
        await trx.insertInto('backfill_plans').values({ backfill_id: row.id, plan }).execute();
        return row;
      });
      return toBackfillRecord({ ...written, plan });
    },
    async getBackfill(id, options) {
      const row = await backfillsQuery(options).where('backfills.id', '=', id).executeTakeFirst();
      return row ? toBackfillRecord(row) : undefined;
    },
    async listBackfills(page = {}, options) {
      const limit = page.limit ?? 100;
      let q = backfillsQuery(options);
      if (page.statuses && page.statuses.length > 0) q = q.where('backfills.status', 'in', [...page.statuses]);
      if (page.cursor) {
        const at = page.cursor.indexOf(':');
        const createdAt = Number(page.cursor.slice(0, at));
        const id = page.cursor.slice(at + 1);
        q = q.where((eb) => eb.or([eb('backfills.created_at', '<', createdAt), eb.and([eb('backfills.created_at', '=', createdAt), eb('backfills.id', '<', id)])]));
      }
      const rows = await q.orderBy('backfills.created_at', 'desc').orderBy('backfills.id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toBackfillRecord);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? `${last.createdAt}:${last.id}` : null };
    },
    async updateBackfill(id, patch, options) {
      const set: Record<string, unknown> = { updated_at: Date.now() };
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.progress !== undefined) set.progress = JSON.stringify(patch.progress);
      if (patch.request !== undefined) set.request = JSON.stringify(patch.request);
      if (patch.endedAt !== undefined) set.ended_at = patch.endedAt;
      if (patch.runCount !== undefined) set.run_count = patch.runCount;
      const plan = patch.plan !== undefined ? JSON.stringify(patch.plan) : undefined;
      // status and progress only: the plan's row is written when the plan changes (a resubmission), never by a pass
      const update = (on: Kysely<Database>) => on.updateTable('backfills').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      const row = plan === undefined
        ? await update(db)
        : await cap.writeTransaction(db, async (trx) => {
          const updated = await update(trx);
          if (updated) await trx.updateTable('backfill_plans').set({ plan }).where('backfill_id', '=', id).execute();
          return updated;
        });
      if (!row) throw new BatonError('BACKFILL_NOT_FOUND', `Backfill "${id}" does not exist`, { hint: 'use the id `baton backfill` printed when it launched, or find it on the Backfills page of `baton dev` (GraphQL: backfills { nodes { id status } })', details: { backfillId: id } });
      if (options?.withPlan === false) return toBackfillRecord(row);
      const stored = plan ?? (await db.selectFrom('backfill_plans').select('plan').where('backfill_id', '=', id).executeTakeFirst())?.plan;
      return toBackfillRecord({ ...row, plan: stored ?? 'null' });
    },

    async getAutomationState(name) {
      const row = await db.selectFrom('automation_states').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? toAutomationState(row) : undefined;
    },
    async listAutomationStates() {
      return (await db.selectFrom('automation_states').selectAll().orderBy('name').execute()).map(toAutomationState);
    },
    async setAutomationState(state) {
      const row = { name: state.name, kind: state.kind, status: state.status, cursor: state.cursor, updated_at: state.updatedAt };
      await db.insertInto('automation_states').values(row)
        .onConflict((oc) => oc.column('name').doUpdateSet({ kind: row.kind, status: row.status, cursor: row.cursor, updated_at: row.updated_at }))
        .execute();
    },
    async addTick(tick) {
      // a write transaction leaves a receipt, so a retry whose COMMIT went through adds no second tick
      await cap.writeTransaction(db, async (trx) => {
        await trx.insertInto('automation_ticks').values({
          name: tick.name, timestamp: tick.timestamp, status: tick.status, run_ids: JSON.stringify(tick.runIds), evaluation: JSON.stringify(tick.evaluation ?? null), error: tick.error ?? null,
        }).execute();
      });
    },
    async listTicks(name, page = {}) {
      const limit = page.limit ?? 100;
      let q = db.selectFrom('automation_ticks').selectAll().where('name', '=', name);
      if (page.cursor) q = q.where('id', '<', Number(page.cursor));
      const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map((r) => ({
        id: String(r.id), name: r.name, timestamp: Number(r.timestamp), status: r.status as AutomationTick['status'],
        runIds: JSON.parse(r.run_ids) as string[], evaluation: JSON.parse(r.evaluation) as unknown, error: r.error,
      }));
      return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },

    async setPoolLimit(pool, limit) {
      if (!Number.isInteger(limit) || limit < 0) throw new BatonError('INPUT_INVALID', `Pool "${pool}" limit ${limit} is not a non-negative integer`, { hint: 'use 0 or more slots' });
      await db.insertInto('pool_limits').values({ pool, slot_limit: limit }).onConflict((oc) => oc.column('pool').doUpdateSet({ slot_limit: limit })).execute();
    },
    async getPoolLimits() {
      const rows = await db.selectFrom('pool_limits').selectAll().orderBy('pool').execute();
      return Object.fromEntries(rows.map((r) => [r.pool, Number(r.slot_limit)]));
    },
    async claimPoolSlot(pool, runId, stepKey) {
      return cap.writeTransaction(db, async (trx) => {
        let limitQuery = trx.selectFrom('pool_limits').select('slot_limit').where('pool', '=', pool);
        if (cap.skipLocked) limitQuery = limitQuery.forUpdate(); // serialises claimers of this pool on PostgreSQL
        const limit = await limitQuery.executeTakeFirst();
        const held = await trx.selectFrom('pool_slots').select('run_id').where('pool', '=', pool).where('run_id', '=', runId).where('step_key', '=', stepKey).executeTakeFirst();
        if (held) return true;
        if (limit) {
          const used = await trx.selectFrom('pool_slots').select((eb) => eb.fn.countAll<number>().as('n')).where('pool', '=', pool).executeTakeFirstOrThrow();
          if (Number(used.n) >= Number(limit.slot_limit)) return false;
        }
        await trx.insertInto('pool_slots').values({ pool, run_id: runId, step_key: stepKey, claimed_at: Date.now() }).execute();
        return true;
      });
    },
    async releasePoolSlot(pool, runId, stepKey) {
      await db.deleteFrom('pool_slots').where('pool', '=', pool).where('run_id', '=', runId).where('step_key', '=', stepKey).execute();
    },
    async releasePoolSlotsOfRuns(runIds) {
      let released = 0;
      for (const part of chunk([...runIds], IN_LIST_CHUNK)) {
        const r = await db.deleteFrom('pool_slots').where('run_id', 'in', part).executeTakeFirst();
        released += Number(r.numDeletedRows);
      }
      return released;
    },
    async poolUsage() {
      const limits = await db.selectFrom('pool_limits').selectAll().execute();
      const used = await db.selectFrom('pool_slots').select((eb) => ['pool', eb.fn.countAll<number>().as('n')]).groupBy('pool').execute();
      const out: Record<string, { limit: number; used: number }> = {};
      for (const l of limits) out[l.pool] = { limit: Number(l.slot_limit), used: 0 };
      for (const u of used) out[u.pool] = { limit: out[u.pool]?.limit ?? Number.POSITIVE_INFINITY, used: Number(u.n) };
      return out;
    },

    async prune(olderThan) {
      // Event timestamps are not ordered by seq (late or replayed events), so prune goes by the timestamp index.
      // numbers, not DeleteResults (bigints): a transaction's result is recorded as JSON (see write-receipt.ts)
      const [events, ticks] = await cap.writeTransaction(db, async (trx) => [
        Number((await trx.deleteFrom('events').where('timestamp', '<', olderThan).where('type', 'in', PRUNABLE_EVENT_TYPES).executeTakeFirst()).numDeletedRows),
        // every daemon tick adds rows; the cursors live in automation_states, so old ticks are history only
        Number((await trx.deleteFrom('automation_ticks').where('timestamp', '<', olderThan).executeTakeFirst()).numDeletedRows),
      ]);
      return { eventsDeleted: events, ticksDeleted: ticks };
    },
  };
}

function toAutomationState(row: Database['automation_states']): AutomationState {
  return { name: row.name, kind: row.kind as AutomationState['kind'], status: row.status as AutomationState['status'], cursor: row.cursor, updatedAt: Number(row.updated_at) };
}
