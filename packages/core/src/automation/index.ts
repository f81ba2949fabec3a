// Definitions of automation: conditions, freshness policies, schedules and sensors.
export { AutomationCondition, eager, onCron, onMissing, isAutomationCondition } from './automation-condition';
export type { AutomationOperand, AutomationConditionKind } from './automation-condition';
export { maxAge, deadline, isFreshnessPolicy, durationMs } from './freshness-policy';
export type { FreshnessPolicy, DurationParts } from './freshness-policy';
export { schedule } from './schedule';
export type { ScheduleDefinition, ScheduleOptions, CatchUpPolicy, SchedulePartitions } from './schedule';
export { sensor, assetSensor, runStatusSensor } from './sensor';
export type {
  SensorDefinition,
  CustomSensorDefinition,
  AssetSensorDefinition,
  RunStatusSensorDefinition,
  SensorContext,
  SensorReaders,
  SensorResult,
} from './sensor';
export type { RunRequest } from './run-request';
export { selectionText } from './run-request';
export { assertCron } from './validate-cron';
export { validateAutomation } from './validate-automation';
