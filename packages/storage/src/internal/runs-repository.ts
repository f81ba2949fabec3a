import type { BatonEvent, BatonStorage, NewRun, Page, PageRequest, RunFilter, RunRecord } from '@baton/core';
import { sql } from 'kysely';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { chunk, IN_LIST_CHUNK } from './chunk';
import type { DialectCapabilities } from './dialect-capabilities';
import { arrayToRunRecord, RUN_COLUMNS_BUT_PLAN, toRunRecord, toStepRecord } from './row-mappers';
import { compiledOnce } from './compiled-once';
import type { Database, RunsTable } from './schema';
import { holdLease } from './locks-repository';
import { insertRuns } from './insert-runs';
import { isOpenRunStatuses, OPEN_BACKFILL_RUNS } from './open-backfill-runs';
import { createdRunsOnly, writeEvents } from './write-events';
import { storedRunsOf, type StoredRunRow } from './stored-run-state';

type RunsMethods = Pick<BatonStorage, 'createRuns' | 'getRun' | 'listRuns' | 'countRuns' | 'listSteps' | 'claimNextRun' | 'claimRun' | 'heartbeat' | 'findRunsWithStaleHeartbeat'>;

const ACTIVE = ['starting', 'running'];
/** The columns a run's events are folded from (`StoredRunRow`), and its plan: what a claim reads. */
const CLAIMABLE_RUN_COLUMNS = ['id', 'status', 'started_at', 'ended_at', 'owner', 'error', 'plan'] as const;
type ClaimableRow = StoredRunRow & Pick<RunsTable, 'plan'>;

/** Runs, steps and the run queue. */
export function runsRepository(db: Kysely<Database>, cap: DialectCapabilities): RunsMethods {
  const filtered = <O>(q: SelectQueryBuilder<Database, 'runs', O>, f: RunFilter = {}) => {
    let out = q;
    // a backfill's open runs (its driver's every pass): the predicate of runs_backfill_open_idx, word for word
    const openOfBackfill = f.backfillId !== undefined && f.statuses !== undefined && isOpenRunStatuses(f.statuses);
    if (openOfBackfill) out = out.where(sql.raw<boolean>(OPEN_BACKFILL_RUNS));
    else if (f.statuses && f.statuses.length > 0) out = out.where('status', 'in', [...f.statuses]);
    // `is not null` too: the predicate of the partial runs_backfill_idx (migration 0007), named so every planner uses it
    if (f.backfillId !== undefined) out = out.where('backfill_id', '=', f.backfillId).where('backfill_id', 'is not', null);
    if (f.createdAfter !== undefined) out = out.where('created_at', '>', f.createdAfter);
    if (f.createdBefore !== undefined) out = out.where('created_at', '<', f.createdBefore);
    if (f.assetKey !== undefined) {
      const assetKey = f.assetKey;
      out = out.where('id', 'in', (eb) => eb.selectFrom('run_assets').select('run_id').where('asset_key', '=', assetKey));
    }
    return out;
  };

  /**
   * Moves a queued run (its row read under the claim's lock: the state its RUN_STARTING is folded from,
   * so it is not read again) to `starting` (RUN_STARTING, naming `owner`: the fold gives it the run), and with
   * `startAt` on to `running` (RUN_STARTED under this claim, in the same batch). SQL
   * compiled once. The plan comes from that read. On SQLite the claimed row is read back by a select, not
   * through RETURNING: in a run's loop an `update … returning` took ~250 µs against ~20 µs for the update
   * alone and ~15 µs for the select (RETURNING goes through a temporary table per execution), and ~100 µs
   * more with a 16 KB plan (a 100-step run) among the columns returned.
   */
  const claim = async (trx: Kysely<Database>, row: ClaimableRow, owner: string, startAt?: number): Promise<RunRecord> => {
    const now = Date.now();
    const events: BatonEvent[] = [{ type: 'RUN_STARTING', runId: row.id, owner, timestamp: now }];
    // started under this claim in the same transaction (claimRun's `startAt`): one write instead of two
    if (startAt !== undefined) events.push({ type: 'RUN_STARTED', runId: row.id, owner, claimedBy: owner, timestamp: startAt });
    await writeEvents(trx, cap, events, storedRunsOf([row.id], [row], [], undefined));
    let claimed: Omit<RunsTable, 'plan'> | undefined;
    if (cap.name === 'sqlite') {
      // on the handle (as an append's statements): a run's one claim went through Kysely's executor, cold code by then
      const update = compiledOnce(`${cap.name}|claim-run`, [owner, now, row.id], () => trx.updateTable('runs').set({ owner, heartbeat_at: now }).where('id', '=', row.id));
      await cap.executeInTransaction(trx, update);
      const read = compiledOnce(`${cap.name}|run-but-plan`, [row.id], () => trx.selectFrom('runs').select(RUN_COLUMNS_BUT_PLAN).where('id', '=', row.id));
      [claimed] = await cap.selectInTransaction<Omit<RunsTable, 'plan'>>(trx, read);
    } else {
      const query = compiledOnce(`${cap.name}|claim-run`, [owner, now, row.id], () => trx.updateTable('runs').set({ owner, heartbeat_at: now }).where('id', '=', row.id).returning(RUN_COLUMNS_BUT_PLAN));
      [claimed] = (await trx.executeQuery<Omit<RunsTable, 'plan'>>(query)).rows;
    }
    if (!claimed) throw new Error(`run ${row.id} was not found while it was claimed`);
    return toRunRecord({ ...claimed, plan: row.plan });
  };

  return {
    async createRuns(runs: readonly NewRun[], options = {}): Promise<RunRecord[]> {
      if (runs.length === 0) return [];
      const now = Date.now();
      // the rows come back from the transaction: a retried call whose COMMIT went through gets the ones it wrote (see write-receipt.ts)
      const written = await cap.writeTransaction(db, async (trx) => {
        // first: a takeover of the lease (its row locked by this update) waits for this transaction
        if (options.lease) await holdLease(trx, options.lease, now);
        const { rows, events } = await insertRuns(trx, cap, runs, now);
        await writeEvents(trx, cap, events, createdRunsOnly(events, rows));
        return rows;
      });
      return written.map((r, i) => toRunRecord(runs[i]!.claimedBy !== undefined ? { ...r, status: 'starting' } : r));
    },

    // an executing run reads its own row at its start and end (a cancel stored elsewhere): SQL compiled once
    async getRun(runId, options) {
      if (options?.withPlan === false) {
        const query = compiledOnce(`${cap.name}|run-but-plan`, [runId], () => db.selectFrom('runs').select(RUN_COLUMNS_BUT_PLAN).where('id', '=', runId));
        const [row] = await cap.selectRows<Omit<RunsTable, 'plan'>>(db, query);
        return row ? toRunRecord(row) : undefined;
      }
      const query = compiledOnce(`${cap.name}|run`, [runId], () => db.selectFrom('runs').selectAll().where('id', '=', runId));
      const [row] = (await db.executeQuery<RunsTable>(query)).rows;
      return row ? toRunRecord(row) : undefined;
    },

    async listRuns(filter, page: PageRequest = {}, options = {}): Promise<Page<RunRecord>> {
      const limit = page.limit ?? 100;
      // a backfill's driver reads every run of its backfill (once, then the open ones each pass): without plans (most of a row), as arrays (no row objects)
      let q = filtered(db.selectFrom('runs').select(RUN_COLUMNS_BUT_PLAN), filter);
      if (page.cursor) {
        const [createdAt, id] = decodeRunCursor(page.cursor);
        q = q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
      }
      const withPlan = options.withPlan !== false;
      const query = (withPlan ? q.select('plan') : q).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).compile();
      const rows = await cap.selectArrays(db, query);
      const items = rows.slice(0, limit).map(arrayToRunRecord);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? `${last.createdAt}:${last.id}` : null };
    },

    async countRuns(filter) {
      const row = await filtered(db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')), filter).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async listSteps(runId) {
      const rows = await db.selectFrom('steps').selectAll().where('run_id', '=', runId).orderBy('started_at').orderBy('step_key').execute();
      return rows.map(toStepRecord);
    },

    async claimNextRun(owner, options = {}) {
      return cap.writeTransaction(db, async (trx) => {
        // Serialises claimers on PostgreSQL too, so `maxConcurrentRuns` is exact across processes.
        await cap.lockEventLog(trx);
        if (options.maxConcurrentRuns !== undefined) {
          const count = compiledOnce(`${cap.name}|active-runs`, ACTIVE, () => trx.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ACTIVE));
          const [active] = (await trx.executeQuery<{ n: number | string }>(count)).rows;
          if (Number(active!.n) >= options.maxConcurrentRuns) return undefined;
        }
        const query = compiledOnce(`${cap.name}|next-queued-run`, ['queued', 1], () => {
          const next = trx.selectFrom('runs').select(CLAIMABLE_RUN_COLUMNS).where('status', '=', 'queued').orderBy('priority', 'desc').orderBy('created_at').orderBy('id').limit(1);
          return cap.skipLocked ? next.forUpdate().skipLocked() : next;
        });
        const [row] = (await trx.executeQuery<ClaimableRow>(query)).rows;
        return row ? claim(trx, row, owner) : undefined;
      });
    },

    async claimRun(runId, owner, options) {
      return cap.writeTransaction(db, async (trx) => {
        // under the event-log lock (PostgreSQL) or the write lock (SQLite): no other claim reads the run meanwhile
        await cap.lockEventLog(trx);
        const query = compiledOnce(`${cap.name}|claimable-run`, [runId, 'queued'], () => trx.selectFrom('runs').select(CLAIMABLE_RUN_COLUMNS).where('id', '=', runId).where('status', '=', 'queued'));
        const [row] = await cap.selectInTransaction<ClaimableRow>(trx, query);
        return row ? claim(trx, row, owner, options?.startAt) : undefined;
      });
    },

    async heartbeat(runIds, owner, now) {
      for (const part of chunk([...runIds], IN_LIST_CHUNK)) {
        await db.updateTable('runs').set({ heartbeat_at: now }).where('id', 'in', part).where('owner', '=', owner).execute();
      }
    },

    async findRunsWithStaleHeartbeat(before) {
      const rows = await db
        .selectFrom('runs')
        .selectAll()
        .where('status', 'in', ['starting', 'running', 'canceling'])
        .where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'started_at', 'created_at'), '<', before))
        .orderBy('created_at')
        .execute();
      return rows.map(toRunRecord);
    },
  };
}

function decodeRunCursor(cursor: string): [number, string] {
  const at = cursor.indexOf(':');
  return [Number(cursor.slice(0, at)), cursor.slice(at + 1)];
}
