import { useEffect, useMemo, useState } from 'react';
import { graphShapeHash, type GraphShape } from '../layout/graph-shape-hash';
import { createLayoutCache } from '../layout/layout-cache';
import type { GraphLayout } from '../layout/layout-graph';
import type { LayoutRequest, LayoutResponse } from '../layout/layout-protocol';

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, (response: LayoutResponse) => void>();
const cache = createLayoutCache(24);

function layoutWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../layout/layout.worker.ts', import.meta.url), { type: 'module', name: 'baton-layout' });
    worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
      pending.get(event.data.requestId)?.(event.data);
      pending.delete(event.data.requestId);
    };
  }
  return worker;
}

/** Starts the worker ahead of time (e.g. while the lineage query is in flight), so its script is ready. */
export function prewarmLayoutWorker(): void {
  if (typeof Worker !== 'undefined') layoutWorker();
}

/**
 * Lays out `shape` in the layout Web Worker (never on the main thread) and returns the layout once ready.
 * Layouts are cached by graph-shape hash, so status changes or going back to a graph redraw at once.
 *
 * @example
 * const { layout, error } = useLayout(visible.shape);
 */
export function useLayout(shape: GraphShape | undefined): { layout: GraphLayout | undefined; hash: string | undefined; error: string | undefined } {
  const hash = useMemo(() => (shape ? graphShapeHash(shape) : undefined), [shape]);
  const [state, setState] = useState<{ hash?: string; layout?: GraphLayout; error?: string }>({});
  useEffect(() => {
    if (!shape || !hash) return;
    const hit = cache.get(hash);
    if (hit) {
      setState({ hash, layout: hit });
      return;
    }
    let live = true;
    const requestId = nextId++;
    pending.set(requestId, (response) => {
      if (response.error !== undefined) {
        if (live) setState({ hash, error: response.error });
        return;
      }
      performance.mark('baton:layout-done');
      cache.set(response.hash, response.layout);
      if (live) setState({ hash, layout: response.layout });
    });
    performance.mark('baton:layout-start');
    const request: LayoutRequest = { requestId, shape };
    layoutWorker().postMessage(request);
    return () => {
      live = false;
    };
    // The hash stands for the shape.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hash]);
  const current = state.hash === hash ? state : {};
  return { layout: current.layout, hash, error: current.error };
}
