/**
 * Partition index → a small non-negative number (a run, a chunk), -1 where unset, over a key space
 * of `count` indices: a typed array over the whole space when many indices are set, else a map, so
 * planning one partition of an asset with years of daily partitions allocates and scans nothing of
 * the rest.
 *
 * @example
 * const runOf = new IndexTable(asset.count, indices.length);
 * runOf.set(41, 0);
 * runOf.get(41); // 0
 * runOf.get(7);  // -1
 */
export class IndexTable {
  readonly count: number;
  readonly #dense: Int32Array | undefined;
  readonly #sparse: Map<number, number> | undefined;

  /** `expected`: about how many indices will be set. */
  constructor(count: number, expected: number) {
    this.count = count;
    if (expected * 8 >= count) this.#dense = new Int32Array(count).fill(-1);
    else this.#sparse = new Map();
  }

  get(index: number): number {
    if (this.#dense) return index >= 0 && index < this.count ? this.#dense[index]! : -1;
    return this.#sparse!.get(index) ?? -1;
  }

  set(index: number, value: number): void {
    if (this.#dense) this.#dense[index] = value;
    else this.#sparse!.set(index, value);
  }
}
