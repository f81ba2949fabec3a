/**
 * @baton/runner/workers — scale-out: `runWorker` (what `baton worker` runs), the dispatcher that
 * launches queued runs as step jobs, and the transitions both apply. The job queue arrives injected
 * (core's `JobQueue` port; `graphileJobQueue` from `@baton/queue-graphile` on PostgreSQL). Users run
 * `baton worker`; these are for composition roots and tests.
 */
export { runWorker } from './run-worker';
export type { RunWorkerOptions, BatonWorker } from './run-worker';
export { launchRunDistributed, executeRunDistributed } from './launch-run-distributed';
export type { LaunchRunDistributedOptions } from './launch-run-distributed';
export { waitForRunEnd } from './wait-for-run-end';
export { decideLaunch, decideStepEnd, stepEndScope } from './decide-transitions';
export type { StepJobResult } from './step-job-handler';
export { startDistributedDispatcher } from './distributed-dispatcher';
export type { DistributedDispatcherOptions } from './distributed-dispatcher';
