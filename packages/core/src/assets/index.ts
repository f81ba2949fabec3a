// Public surface of asset definitions (owned by the assets work).
export type { AssetDefinition, AssetInput, AssetDependency, AssetRole, InputLoadMode, ObserveResult, ResourceDefinition } from './asset-definition';
export type { AssetContext, AssetLogger } from './asset-context';
export type { RetryPolicy } from './retry-policy';
