/**
 * A read-only map made of a shared `base` map and a small map of the entries set on top of it, so that
 * a changed copy of a large map costs the changes, not the map: the state snapshot's latest
 * materializations per partition gain a few entries per run while the asset holds many thousand.
 * Neither map is changed once the layered map exists. `with` returns a new layered map; once the
 * entries on top outgrow the square root of the base, it flattens them into a new base (a copy of
 * n entries every √n changes: O(√n) per change instead of O(n)). Iterates in `Map` order: a key set
 * again keeps its place, a new key comes last.
 *
 * @example
 * const a = LayeredMap.of(new Map([['2024-01-01', m1]]));
 * const b = a.with([['2024-01-02', m2]]); // a is unchanged; b.size === 2
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  readonly size: number;

  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly top: ReadonlyMap<K, V>,
  ) {
    let added = 0;
    for (const key of top.keys()) if (!base.has(key)) added++;
    this.size = base.size + added;
  }

  /** `map` as the base of a layered map (not copied: it must not change afterwards). */
  static of<K, V>(map: ReadonlyMap<K, V>): LayeredMap<K, V> {
    return map instanceof LayeredMap ? map : new LayeredMap(map, new Map());
  }

  /** A layered map with `entries` set on top of this one (this one is unchanged). */
  with(entries: Iterable<readonly [K, V]>): LayeredMap<K, V> {
    const top = new Map(this.top);
    for (const [key, value] of entries) top.set(key, value);
    if (top.size * top.size <= this.base.size) return new LayeredMap(this.base, top);
    const flat = new Map(this.base);
    for (const [key, value] of top) flat.set(key, value);
    return new LayeredMap(flat, new Map());
  }

  get(key: K): V | undefined {
    return this.top.has(key) ? this.top.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.top.has(key) || this.base.has(key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) yield [key, this.top.has(key) ? this.top.get(key)! : value];
    for (const entry of this.top) if (!this.base.has(entry[0])) yield entry;
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
