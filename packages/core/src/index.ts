/**
 * @baton/core — Baton's vocabulary. Pure: no I/O, no workspace imports.
 * The public surface is listed here, one area per block.
 */

// errors
export { BatonError, BATON_ERROR_CODES } from './errors/baton-error';
export type { BatonErrorCode, BatonErrorOptions } from './errors/baton-error';
export { isConnectionError } from './errors/is-connection-error';
export { checkSchemaName } from './errors/check-schema-name';
export { inputNotStored } from './errors/input-not-stored';
export { didYouMean } from './internal/did-you-mean';
export { deepFreeze } from './internal/deep-freeze';
export { waitForWake } from './internal/wait-for-wake';
export { wakeLatch, type WakeLatch } from './internal/wake-latch';

// records and events
export type { ProvenanceEntry, MaterializationRecord, ObservationRecord, PartitionState } from './records/materialization-record';
export type { RunStatus, RunPartitionTarget, RunRecord, StepStatus, StepRecord } from './records/run-record';
export { isTerminalRunStatus, isTerminalStepStatus, isFailedStepStatus, countEndedSteps, OPEN_RUN_STATUSES, TERMINAL_RUN_STATUSES, TERMINAL_STEP_STATUSES, FAILED_STEP_STATUSES } from './records/run-record';
export type { BatonEvent, BatonEventType, StoredEvent, LogLevel } from './records/baton-event';
export type { AssetStateSnapshot, StateSnapshot } from './records/state-snapshot';
export type { CheckResultRecord } from './records/check-result-record';
export { UNPARTITIONED_KEY } from './records/state-snapshot';
export { newRunId } from './records/new-run-id';

// run and step state: the one fold of the event log
export * from './run-state/index';

// seeded randomness for simulated sources, fixtures and benchmarks
export { seededRandom } from './random/seeded-random';

// ports
export type * from './ports/storage';
export type * from './ports/io-manager';
export type * from './ports/job-queue';

// partitions and mappings
export * from './partitions/index';
export * from './mappings/index';

// assets, definitions, graph, selection
export * from './assets/index';
export * from './graph/index';
export * from './selection/index';
export * from './automation/index';

// data quality: output schemas and asset checks
export * from './quality/index';

// tables and SQL assets: column types for table IO managers, the sql tag, sqlAsset
export * from './tables/index';
export * from './sql/index';
