import { BatonError } from '@baton/core';
import type { BatonStorage, JobToAdd, RunTransition } from '@baton/core';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import type { AutoPreparePool } from './auto-prepare-pool';
import type { DialectCapabilities } from './dialect-capabilities';
import { toRunRecord, toStepRecord } from './row-mappers';
import { RUN_COLUMNS_BUT_PLAN } from './runs-repository';
import type { Database, RunsTable, StepsTable } from './schema';
import { writeEvents } from './write-events';

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** First key of the two-key advisory lock taken per run (its own key space: the event-log lock uses one bigint key). */
const RUN_LOCK_CLASS = 0x42_41_54_4e; // "BATN"

/**
 * `BatonStorage.transitionRun` on PostgreSQL: one transaction that takes the run's advisory lock,
 * reads the run and its steps, appends the events `decide` returns and adds its jobs through
 * graphile-worker's `add_job` (`unsafe_dedupe` on the job key: a step job waiting or running is
 * never added twice). Jobs become visible, and workers are notified, when the events commit.
 *
 * Every step of a distributed run ends through here, under its run's lock, so the lock is held for
 * as few round trips as possible: `BEGIN`, the lock and both reads are one simple-protocol message
 * (each statement reads after the lock is granted); then the events (one statement), the jobs (one
 * statement for all of them) and `COMMIT`. The run given to `decide` has `plan: null`.
 *
 * @example
 * storage.transitionRun = transitionRun(pool, cap, mapError);
 * await storage.transitionRun('run-1', (run, steps) => ({ events: [], jobs: [] }), { jobSchema: 'graphile_worker' });
 */
export function transitionRun(
  pool: pg.Pool,
  prepared: AutoPreparePool,
  cap: DialectCapabilities,
  mapError: (error: unknown) => unknown,
): NonNullable<BatonStorage['transitionRun']> {
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

  return async (runId, decide, options) => {
    const jobSchema = options.jobSchema;
    if (!SCHEMA_NAME.test(jobSchema)) {
      throw new BatonError('STORAGE_CONFIG_INVALID', `graphile-worker schema name "${jobSchema}" is not a plain identifier`, {
        hint: 'use letters, digits and underscores, starting with a letter',
        details: { jobSchema },
      });
    }
    let client: pg.PoolClient | undefined;
    let broken: Error | undefined;
    try {
      client = await pool.connect();
      const open = client;
      try {
        const id = open.escapeLiteral(runId);
        const results = (await open.query(
          `begin; select pg_advisory_xact_lock(${RUN_LOCK_CLASS}, hashtext(${id})); ` +
            `select ${RUN_COLUMNS_BUT_PLAN.join(', ')} from runs where id = ${id}; ` +
            `select * from steps where run_id = ${id} order by started_at, step_key`,
        )) as unknown as pg.QueryResult[];
        const runRow = results[2]!.rows[0] as Omit<RunsTable, 'plan'> | undefined;
        const run = runRow ? toRunRecord({ ...runRow, plan: 'null' }) : undefined;
        const steps = run ? (results[3]!.rows as StepsTable[]).map(toStepRecord) : [];
        const decided = decide(run, steps);
        const trx = onClient(open);
        if (decided.events.length > 0) await writeEvents(trx, cap, decided.events);
        if (decided.jobs.length > 0) await addJobs(trx, jobSchema, decided.jobs);
        await open.query('commit');
        return decided;
      } catch (error) {
        await open.query('rollback').catch((e: Error) => (broken = e));
        throw error;
      }
    } catch (error) {
      if (BatonError.is(error)) throw error;
      const code = (error as { code?: string }).code;
      if (code === '3F000' || code === '42883' || code === '42P01') {
        throw new BatonError('STORAGE_CONFIG_INVALID', `The graphile-worker queue schema "${jobSchema}" is not installed in this database (run ${runId})`, {
          hint: 'start a `baton worker` against this database first (it installs the queue), or call prepareJobQueue()',
          details: { jobSchema, runId },
          cause: error,
        });
      }
      const mapped = mapError(error);
      if (BatonError.is(mapped) && mapped.code !== 'INTERNAL') throw mapped;
      throw new BatonError('INTERNAL', `Run transition of "${runId}" failed and nothing of it was written: ${(error as Error).message}`, { cause: error, details: { runId } });
    } finally {
      client?.release(broken);
    }
  };
}

/** Adds every job in one statement (graphile-worker's `add_job` per row, in the order given). */
async function addJobs(trx: Kysely<Database>, schema: string, jobs: readonly JobToAdd[]): Promise<void> {
  const column = <T>(f: (job: JobToAdd) => T) => jobs.map(f);
  await sql`select ${sql.id(schema, 'add_job')}(
    identifier => u.task,
    payload => u.payload::json,
    queue_name => u.queue_name,
    max_attempts => u.max_attempts,
    job_key => u.job_key,
    priority => u.priority,
    job_key_mode => 'unsafe_dedupe'
  ) from unnest(
    ${column((j) => j.task)}::text[], ${column((j) => JSON.stringify(j.payload))}::text[], ${column((j) => j.queueName ?? null)}::text[],
    ${column((j) => j.maxAttempts ?? null)}::int[], ${column((j) => j.jobKey)}::text[], ${column((j) => j.priority ?? null)}::int[]
  ) as u(task, payload, queue_name, max_attempts, job_key, priority)`.execute(trx);
}
