export { layeredLayout } from './layered-layout';
export { dagreLayout } from './dagre-layout';
export { layoutGraph, DAGRE_MAX_NODES, GROUP_PADDING } from './layout-graph';
export type { GraphLayout, GroupBox, LayoutEngine } from './layout-graph';
export { graphShapeHash } from './graph-shape-hash';
export type { GraphShape } from './graph-shape-hash';
export { createLayoutCache } from './layout-cache';
export type { LayoutEdge, LayoutNode, LayoutOptions, LayoutResult } from './types';
