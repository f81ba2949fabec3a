/** A box to place: its id and size in pixels. */
export interface LayoutNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

/** A dependency: `source` is upstream of `target` (drawn left to right). */
export interface LayoutEdge {
  readonly source: string;
  readonly target: string;
}

export interface LayoutOptions {
  /** Horizontal gap between ranks (columns). */
  readonly rankGap?: number;
  /** Vertical gap between boxes in one rank. */
  readonly nodeGap?: number;
  /** Barycenter ordering sweeps (each sweep is one pass down and one pass up). */
  readonly sweeps?: number;
}

/** Top-left corners aligned with the input `nodes` order, plus the bounding size and each node's rank. */
export interface LayoutResult {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly rank: Int32Array;
  readonly width: number;
  readonly height: number;
}
