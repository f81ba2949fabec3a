/**
 * @baton/planner — definitions + a snapshot of stored state → staleness with causes and frozen,
 * serialisable plans. No I/O. Imports @baton/core only.
 */

// plan nodes
export * from './plan/index';

// data versions
export { deriveDataVersion } from './data-version/derive-data-version';
export type { InputDataVersion } from './data-version/derive-data-version';
export { sourceDataVersion } from './data-version/source-data-version';
export type { SourceDataVersion } from './data-version/source-data-version';

// staleness
export { computeStaleness } from './staleness/compute-staleness';
export type { StalenessReport, StatusRun } from './staleness/compute-staleness';
export type {
  PartitionStatus,
  StaleCause,
  StaleCauseCategory,
  StaleCauseType,
  CauseDependency,
  AssetStalenessSummary,
} from './staleness/stale-cause';

// plans
export type { PlannerDefinitions } from './internal/asset-index';
export { planMaterialize, planMaterializeWork } from './build/plan-materialize';
export type { MaterializeOptions } from './build/plan-materialize';
export { planMaterializeStale, planMaterializeStaleWork } from './build/plan-materialize-stale';
export type { MaterializeStaleOptions } from './build/plan-materialize-stale';
export { planBackfill, planBackfillWork } from './build/plan-backfill';
export type { BackfillRequest, ReprocessFilter } from './build/plan-backfill';
export { planRequest, planRequestWork } from './build/plan-request';
export { finishPlanWork, runPlanWork } from './build/plan-work';
export type { PlanWork, RunPlanWorkOptions } from './build/plan-work';
export type { PlanRequest } from './build/plan-request';
export { selectAssetKeys } from './build/select-asset-keys';
export { countRequestedPartitions } from './build/count-requested-partitions';
export type { RunPolicy, PartitionOrder } from './build/build-plan';
export type { PartitionRequest, StaticSelection } from './build/resolve-partitions';
export type { PlannerSelection, SelectionResolver } from './build/resolve-selection';
export { DEFAULT_STEP_MS, confidenceFor } from './build/estimate-plan';
export type { EstimateOptions } from './build/estimate-plan';

// lineage
export { createUpstreamResolver } from './lineage/upstream-partitions';
export type { UpstreamPartition, UpstreamPartitionResolver } from './lineage/upstream-partitions';
