import { Background, Controls, MiniMap, Position, ReactFlow, ReactFlowProvider, useReactFlow, useStore, type Edge, type Node, type NodeMouseHandler } from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CanvasMiniMap, type MiniMapBox } from '../CanvasMiniMap';
import { AssetNode } from './AssetNode';
import { READABLE_ZOOM, firstViewport, type Viewport } from './first-viewport';
import { buildVisibleGraph, defaultCollapsed, groupNodeId, type LineageAsset, type LineageLink } from './build-visible-graph';
import { GroupBoxNode, GroupCollapsedNode } from './GroupNode';
import { STATUS_COLORS, type LineageFlowNode } from './types';
import { useLayout } from './useLayout';

// Module scope: React Flow must get the same object every render.
const nodeTypes = { asset: AssetNode, 'group-box': GroupBoxNode, 'group-collapsed': GroupCollapsedNode };
const proOptions = { hideAttribution: true };
/** Above this many boxes, the minimap is one canvas (an SVG element per node costs seconds to mount). */
const SVG_MINIMAP_BELOW = 2000;
const minimapColor = (node: Node) => (node.type === 'asset' ? (STATUS_COLORS[(node.data as { status: string }).status] ?? '#9aa1ae') : node.type === 'group-box' ? 'transparent' : '#c5c9d3');
/**
 * Sizes (`measured`) and handle positions (left and right middle) given up front, so React Flow need not mount
 * every node once to measure it (with `onlyRenderVisibleElements` an unmeasured node is always rendered), and
 * fit-view and the minimap count nodes that were never in view.
 */
const handlesFor = (width: number, height: number) => [
  { type: 'target' as const, position: Position.Left, x: 0, y: height / 2, width: 1, height: 1 },
  { type: 'source' as const, position: Position.Right, x: width - 1, y: height / 2, width: 1, height: 1 },
];
const NO_HANDLES: never[] = [];

export interface LineageGraphProps {
  readonly assets: readonly LineageAsset[];
  readonly links: readonly LineageLink[];
  readonly selectedKey?: string | null;
  readonly onSelect?: (key: string | null) => void;
  /** Changing this (with a new `focusNonce`) centres the view on the asset, expanding its group. */
  readonly focusKey?: string | null;
  readonly focusNonce?: number;
  /** Start with every group expanded. */
  readonly expandAll?: boolean;
  /** The asset the first view is centred on (its group expanded) when the whole graph does not fit. */
  readonly initialFocusKey?: string | null;
  readonly showMinimap?: boolean;
  readonly highlightKey?: string | null;
  /**
   * The smallest zoom of the first view; below it groups become summary boxes and assets plain boxes
   * (semantic zoom). Default: names stay 11 px or more. A small thumbnail (the asset page's
   * neighbourhood) passes a lower one to show everything.
   */
  readonly readableZoom?: number;
}

/**
 * The lineage canvas: layout in a Web Worker (cached by shape), groups with collapse/expand, statuses as
 * colours, only what is in view rendered, minimap, zoom to fit. The first view never shrinks names below
 * 11 px (it frames the start of a graph too big to fit); zoomed out past that, each group becomes a
 * summary box with its name, count and statuses.
 *
 * @example
 * <LineageGraph assets={data.lineage.nodes} links={data.lineage.edges} onSelect={setSelected} />
 */
export function LineageGraph(props: LineageGraphProps) {
  return (
    <ReactFlowProvider>
      <LineageCanvas {...props} />
    </ReactFlowProvider>
  );
}

const LineageCanvas = memo(function LineageCanvas({ assets, links, selectedKey, onSelect, focusKey, focusNonce, expandAll, initialFocusKey, showMinimap = true, highlightKey, readableZoom = READABLE_ZOOM }: LineageGraphProps) {
  const flow = useReactFlow();
  // below the readable zoom, groups draw as summary boxes (semantic zoom) and assets give way to them
  const zoomedOut = useStore((s) => s.transform[2] < readableZoom - 1e-3);
  const wrapper = useRef<HTMLDivElement>(null);
  const initialViewport = useRef<Viewport | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => {
    if (expandAll) return new Set();
    const initial = defaultCollapsed(assets);
    const focusGroup = initialFocusKey ? assets.find((a) => a.key === initialFocusKey)?.group : undefined;
    if (focusGroup !== undefined) initial.delete(focusGroup);
    return initial;
  });
  const toggle = useCallback((group: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(group)) next.delete(group);
      else next.add(group);
      return next;
    });
  }, []);
  const visible = useMemo(() => {
    performance.mark('baton:visible-start');
    return buildVisibleGraph(assets, links, collapsed);
  }, [assets, links, collapsed]);
  const { layout: fresh, error } = useLayout(visible.shape);
  // While a new layout is computed (collapse/expand), keep drawing the previous one.
  const last = useRef(fresh);
  if (fresh) last.current = fresh;
  const layout = fresh ?? last.current;
  const byKey = useMemo(() => new Map(assets.map((a) => [a.key, a])), [assets]);
  if (layout && !initialViewport.current) {
    const el = wrapper.current;
    const at = initialFocusKey ? layout.positions[initialFocusKey] : undefined;
    const box = at ? visible.shape.nodes.find((n) => n.id === initialFocusKey) : undefined;
    const focus = at && box ? { x: at.x + box.width / 2, y: at.y + box.height / 2 } : undefined;
    initialViewport.current = firstViewport(layout, { width: el?.clientWidth || 1200, height: el?.clientHeight || 800 }, { readableZoom, ...(focus ? { focus } : {}) });
  }

  const nodes = useMemo<LineageFlowNode[]>(() => {
    if (!layout) return [];
    const out: LineageFlowNode[] = [];
    if (visible.grouped) {
      for (const box of layout.groups) {
        const g = visible.groups.get(box.id);
        if (!g) continue;
        out.push({
          id: `box:${box.id}`, type: 'group-box', position: { x: box.x, y: box.y }, width: box.width, height: box.height,
          style: { width: box.width, height: box.height }, measured: { width: box.width, height: box.height }, handles: NO_HANDLES, zIndex: zoomedOut ? 1000 : -1, selectable: false, draggable: false, focusable: false,
          data: { name: g.name, count: g.count, statusCounts: g.statusCounts, collapsed: false, summary: zoomedOut, onToggle: toggle },
        });
      }
    }
    for (const n of visible.shape.nodes) {
      const p = layout.positions[n.id];
      if (!p) continue;
      if (n.id.startsWith('group:') && !byKey.has(n.id)) {
        const g = visible.groups.get(n.id.slice(6))!;
        out.push({
          id: n.id, type: 'group-collapsed', position: p, width: n.width, height: n.height, measured: { width: n.width, height: n.height }, handles: handlesFor(n.width, n.height), draggable: false,
          data: { name: g.name, count: g.count, statusCounts: g.statusCounts, collapsed: true, onToggle: toggle },
        });
        continue;
      }
      const a = byKey.get(n.id)!;
      out.push({
        id: a.key, type: 'asset', position: p, width: n.width, height: n.height, measured: { width: n.width, height: n.height }, handles: handlesFor(n.width, n.height), draggable: false,
        selected: a.key === selectedKey,
        data: { label: a.key, assetKey: a.key, status: a.status, group: a.group, inGroup: visible.grouped, liteBelow: readableZoom - 1e-3, kinds: a.kinds ?? [], isSource: a.isSource ?? false, partitionCount: a.partitionCount ?? null, checkStatus: a.checkStatus ?? null, upstreamChangesPending: a.upstreamChangesPending ?? false },
      });
    }
    return out;
  }, [layout, visible, byKey, toggle, selectedKey, zoomedOut, readableZoom]);

  const miniBoxes = useMemo<MiniMapBox[]>(() => {
    if (!layout || visible.shape.nodes.length < SVG_MINIMAP_BELOW) return [];
    const boxes: MiniMapBox[] = layout.groups.map((g) => ({ ...g, color: '#e3e6ec' }));
    for (const n of visible.shape.nodes) {
      const p = layout.positions[n.id];
      const status = byKey.get(n.id)?.status;
      if (p) boxes.push({ x: p.x, y: p.y, width: n.width, height: n.height, color: status ? (STATUS_COLORS[status] ?? '#9aa1ae') : '#c5c9d3' });
    }
    return boxes;
  }, [layout, visible, byKey]);

  const edges = useMemo<Edge[]>(() => {
    if (!layout) return [];
    return visible.shape.edges.map((e) => ({
      id: `${e.source}->${e.target}`, source: e.source, target: e.target, selectable: false, focusable: false,
      ...(highlightKey && (e.source === highlightKey || e.target === highlightKey) ? { className: 'highlight' } : {}),
    }));
  }, [layout, visible, highlightKey]);

  // Search-and-jump: expand the group if needed, then centre on the asset.
  useEffect(() => {
    if (!focusKey) return;
    const a = byKey.get(focusKey);
    if (!a) return;
    if (visible.grouped && collapsed.has(a.group)) {
      toggle(a.group);
      return; // runs again once the expanded layout arrives
    }
    const p = layout?.positions[focusKey];
    if (p) void flow.setCenter(p.x + 120, p.y + 29, { zoom: 1.1, duration: 400 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusKey, focusNonce, layout]);

  const onNodeClick = useCallback<NodeMouseHandler>(
    (_event, node) => {
      if (node.type === 'asset') onSelect?.(node.id);
      else if (node.type === 'group-collapsed') toggle((node.data as { name: string }).name);
    },
    [onSelect, toggle],
  );
  const onPaneClick = useCallback(() => onSelect?.(null), [onSelect]);

  return (
    <div ref={wrapper} className={`lineage-canvas${zoomedOut ? ' zoomed-out' : ''}`} data-testid="lineage-canvas" data-fitted={layout ? 'true' : 'false'} data-zoomed-out={zoomedOut ? 'true' : 'false'} data-node-count={nodes.filter((n) => n.type === 'asset').length} data-group-count={layout?.groups.length ?? 0} data-ready={layout ? 'true' : 'false'} data-engine={layout?.engine}>
      {error ? <div className="error-box" style={{ position: 'absolute', top: 70, left: 14, zIndex: 6 }}>Layout failed: {error}</div> : null}
      {!fresh ? (
        <div className="state" style={{ position: 'absolute', inset: 0, zIndex: 4 }}>
          <div className="spinner" />
          <span className="subtle">Laying out {visible.shape.nodes.length.toLocaleString()} nodes…</span>
        </div>
      ) : null}
      {layout ? <ReactFlow
        nodes={nodes}
        // First view: the whole graph when it fits at a readable zoom, else its start (zoom to fit is one click away).
        defaultViewport={initialViewport.current ?? undefined}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={onNodeClick}
        onPaneClick={onPaneClick}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        minZoom={0.03}
        maxZoom={2}
        proOptions={proOptions}
        defaultEdgeOptions={{ type: 'default' }}
      >
        <Background gap={24} size={1} color="#dcdee4" />
        {showMinimap ? <Controls showInteractive={false} position="bottom-left" /> : null}
        {showMinimap && layout && visible.shape.nodes.length >= SVG_MINIMAP_BELOW ? <CanvasMiniMap boxes={miniBoxes} bounds={layout} /> : null}
        {showMinimap && visible.shape.nodes.length < SVG_MINIMAP_BELOW ? <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} maskColor="rgba(240,241,244,0.7)" position="bottom-right" /> : null}
      </ReactFlow> : null}
    </div>
  );
});

export { groupNodeId };
