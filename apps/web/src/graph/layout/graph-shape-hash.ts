/** Input of `layoutGraph`: boxes (optionally clustered by `group`) and the edges between them. */
export interface GraphShape {
  readonly nodes: readonly { readonly id: string; readonly width: number; readonly height: number; readonly group?: string | null }[];
  readonly edges: readonly { readonly source: string; readonly target: string }[];
}

/**
 * A stable 64-bit (two FNV-1a halves, hex) hash of a graph's shape: ids, sizes, clusters and edges.
 * Layouts are cached under it, so re-rendering the same graph with new statuses costs nothing.
 *
 * @example
 * graphShapeHash({ nodes: [{ id: 'a', width: 1, height: 1 }], edges: [] }); // e.g. '5c1e0f0a9d3b7c21'
 */
export function graphShapeHash(shape: GraphShape): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    h1 = Math.imul(h1 ^ 0xff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xff, 0x5bd1e995);
  };
  for (const node of shape.nodes) feed(`${node.id}|${node.width}|${node.height}|${node.group ?? ''}`);
  feed('#');
  for (const e of shape.edges) feed(`${e.source}>${e.target}`);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
