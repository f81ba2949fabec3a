export { CanvasMiniMap } from './CanvasMiniMap';
export type { MiniMapBox } from './CanvasMiniMap';
