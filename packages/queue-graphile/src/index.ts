/**
 * @baton/queue-graphile — core's `JobQueue` port on graphile-worker (PostgreSQL): the step jobs of
 * distributed runs, the worker registry, their tables and migrations. Wired in by composition roots
 * (`baton worker`); the runner sees only the port.
 */
export { graphileJobQueue, DEFAULT_JOB_SCHEMA } from './graphile-job-queue';
export type { GraphileJobQueueOptions } from './graphile-job-queue';
