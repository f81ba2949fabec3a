import { UNPARTITIONED_KEY, type AssetStateSnapshot, type MaterializationRecord, type ObservationRecord, type ProvenanceEntry, type StateSnapshot } from '@baton/core';
import { deriveDataVersion } from '../data-version/derive-data-version';
import { indexAssets, type PlannerDefinitions } from './asset-index';

interface MutableAssetState {
  latest: Map<string, MaterializationRecord>;
  observations: Map<string, ObservationRecord>;
  failed: Set<string>;
  inProgress: Set<string>;
  recentDurationsMs: number[];
}

/**
 * Builds `StateSnapshot`s for tests and benchmarks: fake materializations whose provenance is the
 * current data version of every mapped upstream partition, as the runner records it.
 */
export class TestState {
  readonly now: number;
  readonly assets = new Map<string, MutableAssetState>();
  readonly dynamicPartitions = new Map<string, readonly string[]>();
  #id = 0;

  constructor(now: number) {
    this.now = now;
  }

  state(assetKey: string): MutableAssetState {
    let s = this.assets.get(assetKey);
    if (!s) this.assets.set(assetKey, (s = { latest: new Map(), observations: new Map(), failed: new Set(), inProgress: new Set(), recentDurationsMs: [] }));
    return s;
  }

  /** Stores a materialization record as given. */
  record(assetKey: string, partitionKey: string | null, fields: { dataVersion: string; codeVersion: string; provenance?: readonly ProvenanceEntry[] }): MaterializationRecord {
    const rec: MaterializationRecord = {
      id: String(++this.#id),
      assetKey,
      partitionKey,
      runId: 'run',
      stepKey: null,
      timestamp: this.now,
      dataVersion: fields.dataVersion,
      codeVersion: fields.codeVersion,
      metadata: {},
      provenance: fields.provenance ?? [],
    };
    const s = this.state(assetKey);
    s.latest.set(partitionKey ?? UNPARTITIONED_KEY, rec);
    s.failed.delete(partitionKey ?? UNPARTITIONED_KEY);
    return rec;
  }

  observe(assetKey: string, partitionKey: string | null, dataVersion: string): void {
    this.state(assetKey).observations.set(partitionKey ?? UNPARTITIONED_KEY, {
      id: String(++this.#id),
      assetKey,
      partitionKey,
      runId: null,
      timestamp: this.now,
      dataVersion,
      metadata: {},
    });
  }

  /**
   * Materializes `assetKey` (given partitions, or all) the way the runner would: provenance = the
   * current data versions of the mapped upstream partitions; data version = `dataVersion` or derived.
   */
  materialize(defs: PlannerDefinitions, assetKey: string, partitionKeys?: readonly (string | null)[], dataVersion?: string, index = indexAssets(defs, this.snapshot())): void {
    const asset = index.get(assetKey);
    const keys = partitionKeys ?? (asset.partitioned ? Array.from({ length: asset.count }, (_, i) => asset.keyAt(i)) : [null]);
    for (const pk of keys) {
      const i = asset.partitioned ? asset.indexOf(pk ?? '') : 0;
      const provenance: ProvenanceEntry[] = [];
      for (const edge of asset.parents) {
        const up = edge.upstream;
        for (const [s, e] of edge.upstreamRanges(i)) {
          for (let j = s; j < e; j++) {
            const key = up.keyAt(j);
            const v = up.def.role === 'source' ? this.assets.get(up.key)?.observations.get(key) : this.assets.get(up.key)?.latest.get(key);
            if (!v) continue;
            provenance.push({ assetKey: up.key, partitionKey: up.partitioned ? key : null, materializationId: up.def.role === 'source' ? null : v.id, dataVersion: v.dataVersion });
          }
        }
      }
      this.record(assetKey, pk, { codeVersion: asset.def.codeVersion, provenance, dataVersion: dataVersion ?? deriveDataVersion(asset.def.codeVersion, provenance) });
    }
  }

  /** Materializes every materializable asset, upstream first: afterwards everything is fresh. */
  materializeAll(defs: PlannerDefinitions): void {
    const index = indexAssets(defs, this.snapshot());
    for (const a of index.order) if (a.def.role !== 'source') this.materialize(defs, a.key, undefined, undefined, index);
  }

  snapshot(): StateSnapshot {
    return { now: this.now, assets: this.assets as ReadonlyMap<string, AssetStateSnapshot>, dynamicPartitions: this.dynamicPartitions };
  }
}
