/// <reference lib="webworker" />
import { graphShapeHash, type GraphShape } from './graph-shape-hash';
import { createLayoutCache } from './layout-cache';
import { layoutGraph } from './layout-graph';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';

// Layout runs here, off the main thread; identical shapes are answered from the cache.
const cache = createLayoutCache(16);

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { requestId, shape } = event.data;
  try {
    const hash = graphShapeHash(shape as GraphShape);
    let layout = cache.get(hash);
    if (!layout) {
      layout = layoutGraph(shape);
      cache.set(hash, layout);
    }
    const response: LayoutResponse = { requestId, hash, layout };
    self.postMessage(response);
  } catch (error) {
    const response: LayoutResponse = { requestId, error: error instanceof Error ? error.message : String(error) };
    self.postMessage(response);
  }
};
