import { BatonError, countEndedSteps, FAILED_STEP_STATUSES, TERMINAL_STEP_STATUSES } from '@baton/core';
import type { RunStepsView, RunTransition, RunTransitions, StepRecord, TransactionSql } from '@baton/core';
import { Kysely, PostgresDialect, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { AutoPreparePool } from './auto-prepare-pool';
import type { DialectCapabilities } from './dialect-capabilities';
import { RUN_COLUMNS_BUT_PLAN, toRunRecord, toStepRecord } from './row-mappers';
import type { Database, RunsTable, StepsTable } from './schema';
import { storedRunsOf, toRead, type StoredRuns } from './stored-run-state';
import { writeEvents } from './write-events';

/** First key of the two-key advisory lock taken per run (its own key space: the event-log lock uses one bigint key). */
const RUN_LOCK_CLASS = 0x42_41_54_4e; // "BATN"

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** A partial read's counts (`RunStepsView`), in SQL: core's `countEndedSteps` over every step of the run. */
const COUNTS = `count(*) filter (where status in (${sqlList(TERMINAL_STEP_STATUSES)})) as terminal, `
  + `count(*) filter (where status in (${sqlList(FAILED_STEP_STATUSES)})) as failed`;

/** The view of every stored step (see `RunStepsView`). */
const fullView = (steps: readonly StepRecord[]): RunStepsView => ({ partial: false, ...countEndedSteps(steps) });

/**
 * `RunTransitions.transitionRun` on PostgreSQL: one transaction that takes the run's advisory lock,
 * reads the run and its steps, appends the events `decide` returns and lets the queue enqueue its
 * jobs on the same connection (`TransactionSql`). Jobs become visible, and workers are notified, when
 * the events commit. Storage knows no queue's tables: the queue writes its own.
 *
 * Every step of a distributed run ends through here, under its run's lock, so the lock is held for
 * as few round trips as possible: `BEGIN`, the run's lock, the event-log lock (see `lockEventLog`) and
 * the reads are one simple-protocol message (each statement runs after the locks are granted); the batch
 * is folded from those rows (no second read of the run and its steps); then the events (one statement),
 * the jobs (what the queue sends: one statement for graphile-worker) and `COMMIT`: four round trips.
 * Taking the event-log lock first also means no other append lands between what `decide` saw and what
 * is written. The run given to `decide` has `plan: null`.
 * With `scope` (step keys), the steps read are those, plus the run's terminal and failed counts in the same
 * message: a step's end reads a few rows, not every step of its run (which made a run's transitions
 * quadratic in its steps); a `decide` that returns null then gets every step, read in the same transaction.
 *
 * @example
 * const transitions = transitionRun(pool, prepared, cap, mapError);
 * await transitions.transitionRun('run-1', (run, steps) => ({ events: [], jobs: [] }), queue);
 */
export function transitionRun(
  pool: pg.Pool,
  prepared: AutoPreparePool,
  cap: DialectCapabilities,
  mapError: (error: unknown) => unknown,
  eventLogLock: number,
): RunTransitions['transitionRun'] {
  const kyselyOf = new WeakMap<pg.PoolClient, Kysely<Database>>();
  const onClient = (client: pg.PoolClient): Kysely<Database> => {
    let db = kyselyOf.get(client);
    if (!db) {
      const wrapped = prepared.wrap(client);
      const one = { query: wrapped.query.bind(wrapped), release: () => {} };
      db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: async () => one, end: async () => {} } }) });
      kyselyOf.set(client, db);
    }
    return db;
  };

  return async (runId, decide, queue, scope) => {
    let client: pg.PoolClient | undefined;
    let broken: Error | undefined;
    try {
      client = await pool.connect();
      const open = client;
      try {
        const id = open.escapeLiteral(runId);
        const allSteps = `select * from steps where run_id = ${id} order by started_at, step_key`;
        const stepsRead = scope === undefined
          ? allSteps
          : `select * from steps where run_id = ${id} and step_key in (${scope.length > 0 ? scope.map((k) => open.escapeLiteral(k)).join(', ') : 'null'}) order by started_at, step_key; `
            + `select ${COUNTS} from steps where run_id = ${id}`;
        const results = (await open.query(
          `begin; select pg_advisory_xact_lock(${RUN_LOCK_CLASS}, hashtext(${id})); select pg_advisory_xact_lock(${eventLogLock}); ` +
            `select ${RUN_COLUMNS_BUT_PLAN.join(', ')} from runs where id = ${id}; ${stepsRead}`,
        )) as unknown as pg.QueryResult[];
        const runRow = results[3]!.rows[0] as Omit<RunsTable, 'plan'> | undefined;
        const run = runRow ? toRunRecord(runRow) : undefined;
        let stepRows = run ? (results[4]!.rows as StepsTable[]) : [];
        let steps = stepRows.map(toStepRecord);
        const counts = results[5]?.rows[0] as { terminal: string | number; failed: string | number } | undefined;
        let partial = counts !== undefined;
        let decided = decide(run, steps, counts ? { partial: true, terminal: Number(counts.terminal), failed: Number(counts.failed) } : fullView(steps));
        if (decided === null && partial) {
          // the decision needs every step (a failure to propagate, a cancel, the run's last step after failures)
          stepRows = run ? ((await open.query(allSteps)).rows as StepsTable[]) : [];
          steps = stepRows.map(toStepRecord);
          partial = false;
          decided = decide(run, steps, fullView(steps));
        }
        if (decided === null) throw new BatonError('INTERNAL', `The transition of run "${runId}" asked for every step and got them, then asked again: nothing was written`, { details: { runId } });
        const trx = onClient(open);
        if (decided.events.length > 0) {
          const known = runRow ? knownRuns(runId, runRow, stepRows, partial ? scope : undefined, decided.events) : undefined;
          await writeEvents(trx, cap, decided.events, known, { locked: true });
        }
        if (decided.jobs.length > 0) await queue.enqueue(transactionSql(prepared.wrap(open)), decided.jobs);
        await open.query('commit');
        return decided;
      } catch (error) {
        await open.query('rollback').catch((e: Error) => (broken = e));
        throw error;
      }
    } catch (error) {
      if (BatonError.is(error)) throw error;
      const mapped = mapError(error);
      if (BatonError.is(mapped) && mapped.code !== 'INTERNAL') throw mapped;
      throw new BatonError('INTERNAL', `Run transition of "${runId}" failed and nothing of it was written: ${(error as Error).message}`, { cause: error, details: { runId } });
    } finally {
      client?.release(broken);
    }
  };
}

/**
 * The stored state `decided` folds from, as `readStoredRuns` would read it, from the rows the transition read
 * under the event-log lock: the run's row and its steps (every one, or those of `scope`). Undefined (read
 * again) when the events touch another run, a step outside `scope`, or need every step (a run's failure or
 * cancel) and only `scope` was read.
 */
function knownRuns(runId: string, runRow: Omit<RunsTable, 'plan'>, stepRows: readonly StepsTable[], scope: readonly string[] | undefined, events: RunTransition['events']): StoredRuns | undefined {
  const reads = toRead(events);
  for (const id of reads.runIds) if (id !== runId) return undefined;
  if (scope !== undefined) {
    if (reads.wholeRuns.size > 0) return undefined;
    for (const key of reads.steps.get(runId) ?? []) if (!scope.includes(key)) return undefined;
  }
  return storedRunsOf([runId], [runRow], stepRows, scope === undefined ? new Set([runId]) : undefined);
}

/** The queue's view of the open transaction: statements on the transaction's own connection. */
function transactionSql(client: PostgresPoolClient): TransactionSql {
  return { query: async (text, values = []) => ({ rows: (await client.query<Record<string, unknown>>(text, values)).rows }) };
}
