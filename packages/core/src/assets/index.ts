// Public surface of asset definitions.
export type { AssetDefinition, AssetInput, AssetDependency, AssetRole, InputLoadMode, ObserveResult, ObserveSchedule, ResourceDefinition } from './asset-definition';
export type { AssetContext, AssetLogger } from './asset-context';
export type { RetryPolicy } from './retry-policy';
export { DEFAULT_RETRY_POLICY, resolveRetryPolicy } from './retry-policy-defaults';
export { asset } from './asset';
export type { AssetOptions, ComputeFn } from './asset';
export type { CommonAssetOptions, ExecutionOptions, ConfigOf } from './asset-options';
export { input, dep } from './input';
export type { AnyAssetDefinition, InputSpec, DepSpec, InputOptions, InputArg, DepArg, InsFor } from './input';
export { sourceAsset } from './source-asset';
export type { SourceAssetOptions } from './source-asset';
export { multiAsset, multiAssetOf } from './multi-asset';
export type { AnyMultiAssetDefinition, MultiAssetDefinition, MultiAssetOptions, MultiAssetOutOptions } from './multi-asset';
export { resource } from './resource';
export type { AnyResourceDefinition, ResourceMap, ResourceValues, ResourceOptions } from './resource';
export { assertAssetKey, isValidAssetKey, describeInvalidAssetKey } from './asset-key';
export { deriveCodeVersion, normalizeSource } from './code-version';
export { stableHash } from './stable-hash';
