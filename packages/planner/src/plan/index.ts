export { Plan } from './plan';
export type { PlanPurpose } from './plan';
export { RunPlan } from './run-plan';
export { StepPlan } from './step-plan';
export type { StepReason, StepReasonCategory } from './step-plan';
export { PlanSummary, AssetPartitionsNode } from './plan-summary';
export { PlanEstimate } from './plan-estimate';
export type { AssetEstimate, EstimateConfidence } from './plan-estimate';
export { planToJSON, planFromJSON } from './plan-json';
