/**
 * @baton/automation — schedules, sensors, declarative automation conditions and freshness, evaluated
 * per tick with a recorded "why". Imports @baton/core and @baton/planner only; storage arrives injected.
 */
export { evaluateTick, CONDITIONS_NAME } from './evaluate-tick';
export type { TickInput, TickResult } from './evaluate-tick';
export { evaluateConditions } from './evaluate-conditions';
export type { AssetEvaluation, EvaluationGroup, ConditionsCursor, ConditionsResult } from './evaluate-conditions';
export { evaluateSchedule } from './evaluate-schedule';
export type { PlannedRunRequest, ScheduleEvaluation, ScheduleCursor } from './evaluate-schedule';
export { evaluateSensor, sensorDue, snapshotReaders } from './evaluate-sensor';
export type { SensorEvaluation, SensorCursor } from './evaluate-sensor';
export { freshnessOf, formatDuration } from './freshness-of';
export type { Freshness, FreshnessStatus } from './freshness-of';
export { explainAutomation } from './explain-automation';
export type { ConditionsTickEvaluation } from './explain-automation';
export { createAutomationDaemon, systemClock, DAEMON_LOCK } from './create-automation-daemon';
export type { AutomationDaemon, AutomationDaemonOptions, AutomationClock, DaemonTickOutcome } from './create-automation-daemon';
export { setAutomationStatus } from './set-automation-status';
export { cronTicksBetween, latestCronTick, nextCronTick } from './cron-ticks';
export { sourcesDueForObservation } from './sources-due';
