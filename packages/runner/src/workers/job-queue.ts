import { BatonError, type JobToAdd } from '@baton/core';
import { quietLogger } from './quiet-logger';

/** The graphile-worker task that executes one step of a distributed run. Payload: `{ runId, stepKey }`. */
export const STEP_TASK = 'baton_step';
/** graphile-worker's schema when none is given. */
export const DEFAULT_JOB_SCHEMA = 'graphile_worker';
/** Table (in the job schema) where each `baton worker` records its liveness. */
export const WORKERS_TABLE = 'baton_workers';

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The payload of a step job. */
export interface StepJobPayload {
  readonly runId: string;
  readonly stepKey: string;
}

/**
 * The owner recorded on distributed runs (RUN_STARTED): every worker sharing the queue heartbeats
 * runs under this name, so a run stays alive while any worker lives, whichever runs its steps.
 *
 * @example
 * distributedOwner('graphile_worker') // 'graphile-worker:graphile_worker'
 */
export function distributedOwner(jobSchema: string): string {
  return `graphile-worker:${jobSchema}`;
}

/**
 * The job that executes `stepKey` of `runId`. Its key makes adding it twice a no-op while it waits or runs.
 *
 * @example
 * stepJob('run-1', 'clean/users') // { task: 'baton_step', jobKey: 'baton:run-1:clean/users', ... }
 */
export function stepJob(runId: string, stepKey: string): JobToAdd {
  return { task: STEP_TASK, payload: { runId, stepKey } satisfies StepJobPayload, jobKey: `baton:${runId}:${stepKey}`, maxAttempts: 10 };
}

/** Throws a clear error unless `schema` is a plain identifier (it is spliced into SQL). */
export function checkJobSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new BatonError('STORAGE_CONFIG_INVALID', `graphile-worker schema name "${schema}" is not a plain identifier`, {
      hint: 'use letters, digits and underscores, starting with a letter',
      details: { jobSchema: schema },
    });
  }
  return schema;
}

/**
 * Installs (or upgrades) graphile-worker's schema and Baton's worker-liveness table in `jobSchema`.
 * Idempotent and safe to call from several processes at once; `runWorker` calls it on start, a
 * launcher may call it so runs can be handed to workers before any worker started.
 *
 * @example
 * await prepareJobQueue({ connectionString: 'postgres://baton@db/baton', jobSchema: 'graphile_worker' });
 */
export async function prepareJobQueue(options: { connectionString: string; jobSchema?: string }): Promise<void> {
  const schema = checkJobSchema(options.jobSchema ?? DEFAULT_JOB_SCHEMA);
  for (let attempt = 1; ; attempt++) {
    try {
      const { runMigrations } = await import('graphile-worker');
      await runMigrations({ connectionString: options.connectionString, schema, logger: await quietLogger() });
      break;
    } catch (error) {
      // two processes creating the schema at once: the loser retries and finds it migrated
      if (attempt >= 5 || !isConcurrentDdl(error)) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
  const { makeWorkerUtils } = await import('graphile-worker');
  const utils = await makeWorkerUtils({ connectionString: options.connectionString, schema, logger: await quietLogger() });
  try {
    await utils.withPgClient(async (client) => {
      try {
        await client.query(
          `create table if not exists "${schema}".${WORKERS_TABLE} (
            id text primary key,
            graphile_worker_ids text[] not null default '{}',
            host text not null,
            pid integer not null,
            concurrency integer not null,
            started_at timestamptz not null default now(),
            heartbeat_at timestamptz not null default now()
          )`,
        );
      } catch (error) {
        if (!isConcurrentDdl(error)) throw error;
      }
    });
  } finally {
    await utils.release();
  }
}

function isConcurrentDdl(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === '42P07' || code === '42P06' || code === '40P01';
}
