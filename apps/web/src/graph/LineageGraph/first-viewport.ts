/** Smallest canvas zoom at which the smallest node text (12 px) is still 11 px on screen. */
export const READABLE_ZOOM = 11 / 12;

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/**
 * The first view of a graph of `graph` size (flow px, from 0,0) in a canvas of `canvas` size: the whole
 * graph centred when it fits at a readable zoom (at most `maxZoom`); otherwise the readable zoom, framing
 * the start of the graph (its sources, on the left; vertically centred when it fits, else its top), or
 * the `focus` point (flow px) centred — never so far out that names are illegible. Zooming out further is
 * the user's choice (semantic zoom).
 *
 * @example
 * firstViewport({ width: 900, height: 400 }, { width: 1200, height: 800 }); // centred, zoom 1.1
 */
export function firstViewport(
  graph: { width: number; height: number }, canvas: { width: number; height: number },
  options: { padding?: number; maxZoom?: number; readableZoom?: number; focus?: { x: number; y: number } } = {},
): Viewport & { fits: boolean } {
  const pad = options.padding ?? 48;
  const maxZoom = options.maxZoom ?? 1.1;
  const readable = options.readableZoom ?? READABLE_ZOOM;
  const gw = Math.max(1, graph.width);
  const gh = Math.max(1, graph.height);
  const fit = Math.min((canvas.width - 2 * pad) / gw, (canvas.height - 2 * pad) / gh, maxZoom);
  if (fit >= readable) return { x: (canvas.width - gw * fit) / 2, y: (canvas.height - gh * fit) / 2, zoom: fit, fits: true };
  const zoom = readable;
  // an asset to show first (the one selected in the URL): centred, its neighbours around it
  if (options.focus) return { x: canvas.width / 2 - options.focus.x * zoom, y: canvas.height / 2 - options.focus.y * zoom, zoom, fits: false };
  const y = gh * zoom <= canvas.height - 2 * pad ? (canvas.height - gh * zoom) / 2 : pad + 24;
  return { x: pad, y, zoom, fits: false };
}
