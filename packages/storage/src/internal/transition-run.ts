import { BatonError } from '@baton/core';
import type { BatonStorage, JobToAdd, RunTransition } from '@baton/core';
import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from './dialect-capabilities';
import { runsRepository } from './runs-repository';
import type { Database } from './schema';
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
 * @example
 * storage.transitionRun = transitionRun(db, cap, mapError);
 * await storage.transitionRun('run-1', (run, steps) => ({ events: [], jobs: [] }), { jobSchema: 'graphile_worker' });
 */
export function transitionRun(db: Kysely<Database>, cap: DialectCapabilities, mapError: (error: unknown) => unknown): NonNullable<BatonStorage['transitionRun']> {
  return async (runId, decide, options) => {
    const jobSchema = options.jobSchema;
    if (!SCHEMA_NAME.test(jobSchema)) {
      throw new BatonError('STORAGE_CONFIG_INVALID', `graphile-worker schema name "${jobSchema}" is not a plain identifier`, {
        hint: 'use letters, digits and underscores, starting with a letter',
        details: { jobSchema },
      });
    }
    try {
      return await cap.writeTransaction(db, async (trx): Promise<RunTransition> => {
        await sql`select pg_advisory_xact_lock(${RUN_LOCK_CLASS}::int, hashtext(${runId}))`.execute(trx);
        const runs = runsRepository(trx, cap);
        const run = await runs.getRun(runId);
        const steps = run ? await runs.listSteps(runId) : [];
        const decided = decide(run, steps);
        if (decided.events.length > 0) await writeEvents(trx, cap, decided.events);
        for (const job of decided.jobs) await addJob(trx, jobSchema, job);
        return decided;
      });
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
    }
  };
}

async function addJob(trx: Kysely<Database>, schema: string, job: JobToAdd): Promise<void> {
  await sql`select ${sql.id(schema, 'add_job')}(
    identifier => ${job.task},
    payload => ${JSON.stringify(job.payload)}::json,
    queue_name => ${job.queueName ?? null}::text,
    max_attempts => ${job.maxAttempts ?? null}::int,
    job_key => ${job.jobKey},
    priority => ${job.priority ?? null}::int,
    job_key_mode => 'unsafe_dedupe'
  )`.execute(trx);
}
