import type { GraphLayout } from './layout-graph';

/**
 * A small least-recently-used cache of layouts keyed by graph-shape hash.
 *
 * @example
 * const cache = createLayoutCache(8);
 * cache.set('abc', layout); cache.get('abc'); // layout
 */
export function createLayoutCache(capacity = 16) {
  const entries = new Map<string, GraphLayout>();
  return {
    get(hash: string): GraphLayout | undefined {
      const hit = entries.get(hash);
      if (hit) {
        entries.delete(hash);
        entries.set(hash, hit);
      }
      return hit;
    },
    set(hash: string, layout: GraphLayout): void {
      entries.delete(hash);
      entries.set(hash, layout);
      while (entries.size > capacity) entries.delete(entries.keys().next().value!);
    },
  };
}
