import { UNPARTITIONED_KEY } from '../records/state-snapshot';
import type { PartitionContext, PartitionsDefinition } from './partitions-definition';

/**
 * The keys of one partitions definition at one context (a tick, a snapshot), listed once, with a
 * key → index map built on first use. The planner and the automation daemon index every asset's
 * partitions through it, one per partitions definition id. Unpartitioned: the one key `UNPARTITIONED_KEY`.
 *
 * @example
 * const list = new PartitionKeyList(dailyPartitions({ start: '2024-01-01' }), { now: Date.parse('2024-01-04') });
 * list.keys // ['2024-01-01', '2024-01-02', '2024-01-03']
 * list.indexOf('2024-01-02') // 1
 */
export class PartitionKeyList {
  readonly keys: readonly string[];
  #indexByKey: Map<string, number> | undefined;

  constructor(def: PartitionsDefinition, ctx: PartitionContext) {
    this.keys = def.kind === 'unpartitioned' ? [UNPARTITIONED_KEY] : def.keys(ctx);
  }

  /** The index of `key`, or -1 when it is not a key of the list. */
  indexOf(key: string): number {
    if (!this.#indexByKey) {
      this.#indexByKey = new Map();
      for (let i = 0; i < this.keys.length; i++) this.#indexByKey.set(this.keys[i]!, i);
    }
    return this.#indexByKey.get(key) ?? -1;
  }
}
