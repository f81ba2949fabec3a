import type { GraphShape } from './graph-shape-hash';
import type { GraphLayout } from './layout-graph';

/** Message from the page to the layout worker. */
export interface LayoutRequest {
  readonly requestId: number;
  readonly shape: GraphShape;
}

/** The worker's answer: a layout, or the error that stopped it. */
export type LayoutResponse =
  | { readonly requestId: number; readonly hash: string; readonly layout: GraphLayout; readonly error?: undefined }
  | { readonly requestId: number; readonly error: string };
