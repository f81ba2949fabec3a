import { UNPARTITIONED_KEY } from '../records/state-snapshot';
import { multiIndexOf, multiKeyAt } from './multi-key-index';
import { isMultiPartitions } from './multi-partitions';
import type { PartitionContext, PartitionsDefinition } from './partitions-definition';

/** Single-key lookups answered by the definition itself before the whole key space is listed. */
const LOOKUPS_BEFORE_LISTING = 64;

/**
 * The keys of one partitions definition at one context (a tick, a snapshot). The planner and the
 * automation daemon index every asset's partitions through it, one per partitions definition id.
 * Unpartitioned: the one key `UNPARTITIONED_KEY`.
 *
 * Lazy: `count`, and a few `keyAt`/`indexOf` calls, ask the definition (a time partitioning answers
 * by arithmetic), so planning one partition of an asset with years of daily partitions lists none of
 * them. `keys`, or many single lookups, list the space once (and build a key → index map on first use).
 * Multi partitions list only their dimensions: a key is built from one key per dimension, an index from
 * the parts' indices, so a million partitions of 1,000 days × 1,000 keys list 2,000 keys, not a million.
 *
 * @example
 * const list = new PartitionKeyList(dailyPartitions({ start: '2024-01-01' }), { now: Date.parse('2024-01-04') });
 * list.count // 3
 * list.indexOf('2024-01-02') // 1
 * list.keys // ['2024-01-01', '2024-01-02', '2024-01-03']
 */
export class PartitionKeyList {
  readonly count: number;
  readonly #def: PartitionsDefinition | undefined;
  readonly #ctx: PartitionContext;
  #keys: readonly string[] | undefined;
  #indexByKey: Map<string, number> | undefined;
  #lookups = 0;
  /** Per dimension of multi partitions, its own list. */
  readonly #dims: readonly PartitionKeyList[] | undefined;
  #heads: string[] | undefined;

  constructor(def: PartitionsDefinition, ctx: PartitionContext) {
    this.#ctx = ctx;
    if (def.kind === 'unpartitioned') {
      this.#keys = [UNPARTITIONED_KEY];
      this.count = 1;
    } else {
      this.#def = def;
      this.count = def.count(ctx);
      if (isMultiPartitions(def)) this.#dims = def.dimensions.map((d) => new PartitionKeyList(d.definition, ctx));
    }
  }

  /** Every key, in index order (listed on first use). */
  get keys(): readonly string[] {
    return (this.#keys ??= this.#def!.keys(this.#ctx, 0, this.count));
  }

  /** The key at `index` (0 ≤ index < count). */
  keyAt(index: number): string {
    if (this.#keys) return this.#keys[index]!;
    if (this.#dims) return multiKeyAt(this.#dims, index);
    if (++this.#lookups > LOOKUPS_BEFORE_LISTING) return this.keys[index]!;
    return this.#def!.keyAt(index, this.#ctx);
  }

  /** `keyAt(index) + '|'`, kept: the head of the multi-partition keys this list is a dimension of. */
  headAt(index: number): string {
    const heads = (this.#heads ??= new Array<string>(this.count));
    return (heads[index] ??= `${this.keyAt(index)}|`);
  }

  /** The index of `key`, or -1 when it is not a key of the list. */
  indexOf(key: string): number {
    if (this.#dims) return multiIndexOf(this.#dims, key);
    if (!this.#indexByKey) {
      if (!this.#keys && ++this.#lookups <= LOOKUPS_BEFORE_LISTING) {
        const i = this.#def!.indexOf(key, this.#ctx);
        return i < this.count ? i : -1;
      }
      const keys = this.keys;
      this.#indexByKey = new Map();
      for (let i = 0; i < keys.length; i++) this.#indexByKey.set(keys[i]!, i);
    }
    return this.#indexByKey.get(key) ?? -1;
  }
}
