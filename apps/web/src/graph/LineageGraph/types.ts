import type { Node } from '@xyflow/react';

export interface AssetNodeData extends Record<string, unknown> {
  readonly label: string;
  readonly assetKey: string;
  readonly status: string;
  readonly group: string;
  /** Drawn inside a group box: zoomed out, the group's summary stands for it. */
  readonly inGroup: boolean;
  /** Below this zoom the node draws without text (see LineageGraph's `readableZoom`). */
  readonly liteBelow: number;
  readonly kinds: readonly string[];
  readonly isSource: boolean;
  readonly partitionCount: number | null;
  readonly checkStatus: string | null;
  readonly upstreamChangesPending: boolean;
}

export interface GroupNodeData extends Record<string, unknown> {
  readonly name: string;
  readonly count: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly collapsed: boolean;
  /** Zoomed out past the readable zoom: draw the expanded group as one summary box. */
  readonly summary?: boolean;
  readonly onToggle: (group: string) => void;
}

export type AssetFlowNode = Node<AssetNodeData, 'asset'>;
export type GroupFlowNode = Node<GroupNodeData, 'group-box' | 'group-collapsed'>;
export type LineageFlowNode = AssetFlowNode | GroupFlowNode;

export const STATUS_COLORS: Readonly<Record<string, string>> = {
  FRESH: '#1f9d55',
  STALE: '#d97706',
  MISSING: '#9aa1ae',
  FAILED: '#dc2f45',
  IN_PROGRESS: '#2f6fed',
};
export const STATUS_ORDER = ['FRESH', 'STALE', 'MISSING', 'FAILED', 'IN_PROGRESS'] as const;
