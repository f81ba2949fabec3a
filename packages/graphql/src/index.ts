/**
 * @baton/graphql — Baton's GraphQL API: the Pothos schema, its resolvers and createBatonYoga()
 * built from use-* plugins. Storage arrives injected; imports core, planner and runner only.
 */
export { createBatonYoga } from './create-baton-yoga';
export type { BatonYoga, BatonYogaOptions } from './create-baton-yoga';
export type { PlanOutcome } from './internal/plan-gate';
export { batonSchema } from './schema/index';
export { createApiSignal } from './internal/api-signal';
export type { ApiSignal } from './internal/api-signal';
export type { DefinitionsSource, DefinitionsLoadError, DefinitionsTypeError, TypeCheckSource } from './internal/definitions-state';
export type { BatonContext } from './context';
export { useTokenAuth } from './plugins/use-token-auth';
export { useDepthLimit } from './plugins/use-depth-limit';
export { useCostLimit, operationCost, measureOperation } from './plugins/use-cost-limit';
export type { FieldCosts, CostLimitOptions, OperationMeasure } from './plugins/use-cost-limit';
export { useHostCheck, allowedHosts, hostRefusal, LOOPBACK_HOSTS } from './plugins/use-host-check';
export type { HostRefusal } from './plugins/use-host-check';
export { useBodyLimit, bodyRefusal, DEFAULT_MAX_BODY_BYTES } from './plugins/use-body-limit';
export type { BodyRefusal } from './plugins/use-body-limit';
export { useCSRFPrevention, CSRF_HEADERS } from './plugins/use-csrf-prevention';
export { useReadiness } from './plugins/use-readiness';
export { printBatonSchema } from './print-baton-schema';
