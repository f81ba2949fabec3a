/**
 * @baton/actions — every user action of Baton, written once: the CLI's commands, the API's
 * mutations and the automation daemon are thin adapters over these functions, so they plan, launch
 * and refuse the same way (one BatonError code per refusal). Imports @baton/core, @baton/planner and
 * @baton/runner; storage arrives through core's port in the ActionContext.
 */

export { definitionsOf, snapshotOf } from './action-context';
export type { ActionContext } from './action-context';

// launching
export { launchPlan, launchPlans } from './launch-plan';
export type { ExecuteHere, Launched, LaunchPlanOptions } from './launch-plan';
export { launchRunRequests } from './launch-run-requests';
export type { LaunchRunRequestsOptions, RunRequest } from './launch-run-requests';

// materialize and backfills
export { materialize, planMaterialization } from './materialize';
export type { MaterializeRequest } from './materialize';
export { launchBackfill, previewBackfill } from './backfill';
export type { BackfillActionRequest } from './backfill';

// runs and backfills
export { findRun } from './find-run';
export { cancel, cancelBackfill, cancelRun } from './cancel';
export { reexecuteRun, resumeBackfill, retryFailedBackfill } from './retry';

// checks, observations and reports
export { runChecks } from './run-checks';
export type { RunChecksRequest } from './run-checks';
export { observe } from './observe';
export type { ObserveRequest } from './observe';
export { report } from './report';
export type { ReportRequest } from './report';
