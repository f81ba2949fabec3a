/**
 * @baton/runner/workers — scale-out on PostgreSQL with graphile-worker: `runWorker` (what `baton worker`
 * runs), the dispatcher that launches queued runs as step jobs, and the transitions both apply. Users run
 * `baton worker`; these are for composition roots and tests.
 */
export { runWorker } from './run-worker';
export type { RunWorkerOptions, BatonWorker } from './run-worker';
export { launchRunDistributed, executeRunDistributed } from './launch-run-distributed';
export type { LaunchRunDistributedOptions } from './launch-run-distributed';
export { waitForRunEnd } from './wait-for-run-end';
export { prepareJobQueue, distributedOwner, stepJob, STEP_TASK, DEFAULT_JOB_SCHEMA } from './job-queue';
export type { StepJobPayload } from './job-queue';
export { decideLaunch, decideStepEnd } from './decide-transitions';
export type { StepJobResult } from './step-job-handler';
export type { SweepResult } from './worker-liveness';
export { startDistributedDispatcher } from './distributed-dispatcher';
export type { DistributedDispatcherOptions } from './distributed-dispatcher';
