import { checkSchemaName, type JobQueue } from '@baton/core';
import type { WorkerUtils } from 'graphile-worker';
import { addStepJobs } from './internal/add-step-jobs';
import { consumeStepJobs } from './internal/consume-step-jobs';
import { prepareQueue } from './internal/prepare-queue';
import { quietLogger } from './internal/quiet-logger';
import { workerRegistry } from './internal/worker-registry';

export interface GraphileJobQueueOptions {
  /** PostgreSQL url of the database holding the queue (the same database as Baton's storage). */
  readonly connectionString: string;
  /** Schema of graphile-worker's tables and Baton's worker registry. Default `graphile_worker`. */
  readonly schema?: string;
}

/** graphile-worker's schema when none is given. */
export const DEFAULT_JOB_SCHEMA = 'graphile_worker';

/**
 * Baton's job queue (core's `JobQueue` port) on graphile-worker: step jobs are added by
 * `add_job` inside the storage's run transition (so they commit with the run's events), taken by
 * `baton worker` processes through LISTEN/NOTIFY, and a worker registry (`baton_workers`) lets any
 * worker hand a dead worker's jobs back to the queue. Connections open on first use; `close()` ends them.
 *
 * @example
 * const queue = graphileJobQueue({ connectionString: 'postgres://baton@db/baton', schema: 'graphile_worker' });
 * await queue.prepare();
 * await launchRunDistributed({ run, storage, queue }); // @baton/runner/workers
 * await queue.close();
 */
export function graphileJobQueue(options: GraphileJobQueueOptions): JobQueue {
  const { connectionString } = options;
  const schema = checkSchemaName(options.schema ?? DEFAULT_JOB_SCHEMA, 'graphile-worker queue');
  let utils: Promise<WorkerUtils> | undefined;
  const utilsOnce = () =>
    (utils ??= (async () => {
      const { makeWorkerUtils } = await import('graphile-worker');
      return makeWorkerUtils({ connectionString, schema, logger: await quietLogger() });
    })());
  const prepare = async () => prepareQueue(connectionString, schema, await utilsOnce());

  return {
    dialect: 'postgres',
    owner: `graphile-worker:${schema}`,
    description: `graphile-worker queue "${schema}"`,
    prepare,
    enqueue: (tx, jobs) => addStepJobs(tx, schema, jobs),
    consume: async (consumer) => consumeStepJobs(connectionString, schema, await utilsOnce(), prepare, consumer),
    runsWithJobs: async () => workerRegistry(await utilsOnce(), schema).runsWithJobs(),
    async close() {
      const opened = utils;
      utils = undefined;
      if (opened) await Promise.resolve((await opened).release()).catch(() => {});
    },
  };
}
