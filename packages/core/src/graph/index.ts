// Public surface of the asset graph and definitions.
export { createAssetGraph } from './asset-graph';
export type { AssetEdge, AssetGraph, AssetGraphNode } from './asset-graph';
export type { Csr } from './csr';
export { definitions } from './definitions';
export type { Definitions, DefinitionsOptions, MultiAssetGroup } from './definitions';
