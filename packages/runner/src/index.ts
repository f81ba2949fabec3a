/**
 * @baton/runner — executes plans: the run loop (retries, timeouts, pools,
 * cancellation), IO managers, executors, run coordination, backfills and crash recovery.
 * Imports @baton/core and @baton/planner only; storage arrives through core's port.
 */

// execution
export { executeRun } from './execute/execute-run';
export type { ExecuteRunOptions, RunResult } from './execute/execute-run';
export { executePlan } from './execute/execute-plan';
export type { ExecutePlanOptions, PlanRunOutcome } from './execute/execute-plan';
export { followRun } from './execute/follow-run';
export { cancelRun } from './execute/cancel-run';
export { inProcessExecutor } from './execute/in-process-executor';
export type { InProcessExecutorOptions } from './execute/in-process-executor';
export type { StepExecutor, StepRequest, StepInputSpec, StepAttemptOutcome, StepOutput, StepHooks } from './execute/step-request';
export { assetLookup } from './execute/runner-definitions';
export type { RunnerDefinitions, AssetLookup } from './execute/runner-definitions';
export { runChecks } from './execute/run-checks';
export type { RunChecksOptions, RunChecksResult } from './execute/run-checks';

// IO managers
export { filesystemIOManager, valuePath } from './io-managers/filesystem-io-manager';
export type { FilesystemIOManagerOptions } from './io-managers/filesystem-io-manager';
export { memoryIOManager, memoryKey } from './io-managers/memory-io-manager';
export type { MemoryIOManager } from './io-managers/memory-io-manager';
export { contentHash, isNoValueVersion, noValueDataVersion, valueHash, uniqueDataVersion } from './io-managers/content-hash';

// re-execution
export { reexecuteFromFailure, remainingPlan } from './reexecute/reexecute-from-failure';

// coordination
export { startRunCoordinator } from './coordinator/run-coordinator';
export type { RunCoordinator, RunCoordinatorOptions } from './coordinator/run-coordinator';
export { notifyRunsQueued } from './coordinator/run-queue-signal';

// crash recovery
export { recoverRunsOfDeadProcess, recoverStaleRuns, startRecoveryMonitor } from './recovery/recover-stale-runs';
export type { RecoverStaleRunsOptions, RecoveredRun } from './recovery/recover-stale-runs';

// backfills
export { launchBackfill, backfillPlan, backfillRun, RUN_KEY_TAG, BACKFILL_TAG, RUN_GENERATION_TAG } from './backfill/launch-backfill';
export type { LaunchBackfillOptions } from './backfill/launch-backfill';
export { driveBackfill } from './backfill/drive-backfill';
export type { DriveBackfillOptions } from './backfill/drive-backfill';
export { startBackfillDriver } from './backfill/backfill-driver';
export type { BackfillDriver, BackfillDriverOptions } from './backfill/backfill-driver';
export { notifyBackfillsChanged } from './backfill/backfill-signal';
export { cancelBackfill, resumeBackfill, retryFailedBackfill } from './backfill/backfill-control';

// isolation
export { createProcessPoolExecutor } from './isolation/process-pool-executor';
export type { ProcessPoolExecutor, ProcessPoolExecutorOptions } from './isolation/process-pool-executor';
export type { DefinitionsModuleRef } from './isolation/messages';
export { moduleExports } from './isolation/module-exports';
export { compiledDefinitions } from './isolation/compiled-definitions';
export type { CompiledDefinitions, DefinitionsLocation } from './isolation/compiled-definitions';

// scale-out over core's JobQueue port: `@baton/runner/workers`

// observations and reports of data made elsewhere
export { observeSources } from './observe/observe-sources';
export type { ObserveSourcesOptions, SourceObservation } from './observe/observe-sources';
export { reportMaterialization } from './observe/report-materialization';
export type { ReportMaterializationOptions } from './observe/report-materialization';
