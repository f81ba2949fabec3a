export { LineageGraph } from './LineageGraph';
export type { LineageGraphProps } from './LineageGraph';
export type { LineageAsset, LineageLink } from './build-visible-graph';
export { STATUS_COLORS } from './types';
export { prewarmLayoutWorker } from './useLayout';
