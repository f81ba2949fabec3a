import { Panel, useReactFlow, useStore } from '@xyflow/react';
import { memo, useEffect, useRef, type MouseEvent } from 'react';

export interface MiniMapBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly color: string;
}

const W = 200;
const H = 130;
const viewportSelector = (s: { transform: [number, number, number]; width: number; height: number }) => `${s.transform.join(',')}|${s.width}|${s.height}`;

/**
 * A minimap for very large graphs, drawn on one <canvas> (boxes + the viewport rectangle) instead of one SVG
 * element per node; click or drag to move the view.
 *
 * @example
 * <CanvasMiniMap boxes={groupBoxes} bounds={{ width, height }} />
 */
export const CanvasMiniMap = memo(function CanvasMiniMap({ boxes, bounds }: { boxes: readonly MiniMapBox[]; bounds: { width: number; height: number } }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const flow = useReactFlow();
  const view = useStore(viewportSelector);
  const scale = Math.min(W / Math.max(1, bounds.width), H / Math.max(1, bounds.height));
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = W * dpr;
    canvas.height = H * dpr;
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    for (const b of boxes) {
      ctx.fillStyle = b.color;
      ctx.fillRect(b.x * scale, b.y * scale, Math.max(1, b.width * scale), Math.max(1, b.height * scale));
    }
    const [tx, ty, zoom] = view.split('|')[0]!.split(',').map(Number) as [number, number, number];
    const [, w, h] = view.split('|').map(Number) as [number, number, number];
    ctx.strokeStyle = '#3b5bdb';
    ctx.lineWidth = 1.5;
    ctx.strokeRect((-tx / zoom) * scale, (-ty / zoom) * scale, (w / zoom) * scale, (h / zoom) * scale);
  }, [boxes, view, scale]);
  const moveTo = (event: MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const zoom = flow.getZoom();
    void flow.setCenter((event.clientX - rect.left) / scale, (event.clientY - rect.top) / scale, { zoom });
  };
  return (
    <Panel position="bottom-right" className="react-flow__minimap" style={{ width: W, height: H, background: '#fff' }}>
      <canvas ref={ref} style={{ width: W, height: H, display: 'block', cursor: 'pointer' }} onMouseDown={moveTo} onMouseMove={(e) => e.buttons === 1 && moveTo(e)} data-testid="canvas-minimap" />
    </Panel>
  );
});
