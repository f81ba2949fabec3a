import type { BatonEvent } from '@baton/core';

/** The stored id and data version of one asset partition's latest materialization. */
export interface KnownMaterialization {
  readonly id: string;
  readonly dataVersion: string;
}

/**
 * What one run knows of its upstreams' latest materializations: what it read from storage (each
 * asset partition once per run) and what it wrote itself (recorded as each batch is stored, with
 * the ids storage gave). Steps resolve their inputs' provenance from here before asking storage.
 *
 * @example
 * const known = new RunMaterializations();
 * known.recordStored(batch, seqs);           // after storage.appendEvents(batch) returned seqs
 * known.get('raw/users', null)?.dataVersion;
 */
export class RunMaterializations {
  /** Unpartitioned assets by key: no key string built per look-up (most steps' inputs). */
  readonly #unpartitioned = new Map<string, KnownMaterialization>();
  readonly #partitions = new Map<string, KnownMaterialization>();

  get(assetKey: string, partitionKey: string | null): KnownMaterialization | undefined {
    return partitionKey === null ? this.#unpartitioned.get(assetKey) : this.#partitions.get(key(assetKey, partitionKey));
  }

  /** A materialization read from storage; one this run wrote since is never replaced by it. */
  remember(assetKey: string, partitionKey: string | null, known: KnownMaterialization): void {
    const map = partitionKey === null ? this.#unpartitioned : this.#partitions;
    const k = partitionKey === null ? assetKey : key(assetKey, partitionKey);
    const current = map.get(k);
    if (!current || Number(current.id) < Number(known.id)) map.set(k, known);
  }

  /** Records the MATERIALIZATION events of a stored batch: `seqs[i]` is the seq (materialization id) of `events[i]`. */
  recordStored(events: readonly BatonEvent[], seqs: readonly string[]): void {
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.type === 'MATERIALIZATION' && seqs[i] !== undefined) this.remember(e.assetKey, e.partitionKey, { id: seqs[i]!, dataVersion: e.dataVersion });
    }
  }
}

const key = (assetKey: string, partitionKey: string) => `${assetKey}\u0000${partitionKey}`;
