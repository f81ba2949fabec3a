import type { BatonStorage, Definitions, MaterializationRecord, PartitionContext, StateSnapshot } from '@baton/core';
import { computeStaleness, type AssetStalenessSummary, type PartitionStatus, type StalenessReport } from '@baton/planner';

/** Stored state and staleness of every asset at one event seq, shared by every field of a request. */
export interface PlannerState {
  readonly definitions: Definitions;
  readonly seq: string | null;
  readonly snapshot: StateSnapshot;
  readonly staleness: StalenessReport;
  /** The partition context of the snapshot (its `now`, stored dynamic partition keys). */
  readonly partitionContext: PartitionContext;
  /** Aggregate status of an asset (cached). */
  status(assetKey: string): PartitionStatus;
  /** Staleness summary of an asset (cached). */
  summary(assetKey: string): AssetStalenessSummary;
  /** The newest materialization of an asset over all its partitions, from the snapshot (cached). */
  latestMaterialization(assetKey: string): MaterializationRecord | null;
}

export interface PlannerStateCacheOptions {
  /** How long a computed state may serve requests before the event log is checked again (ms). Default 50. */
  readonly recheckMs?: number;
  /** Recompute at least this often even with no new events (time partitions appear as time passes). Default 30,000. */
  readonly maxAgeMs?: number;
}

/**
 * Computes the planner state once per (definitions, latest event seq) and shares it across requests:
 * the catalog, lineage and status fields of concurrent requests read one snapshot with one
 * `loadStateSnapshot` call. Concurrent callers share the same in-flight work.
 */
export class PlannerStateCache {
  #storage: BatonStorage;
  #recheckMs: number;
  #maxAgeMs: number;
  #current: { state: PlannerState; checkedAt: number; builtAt: number } | undefined;
  #pending: Promise<PlannerState> | undefined;
  #generation = 0;

  constructor(storage: BatonStorage, options: PlannerStateCacheOptions = {}) {
    this.#storage = storage;
    this.#recheckMs = options.recheckMs ?? 50;
    this.#maxAgeMs = options.maxAgeMs ?? 30_000;
  }

  /** Forget the cached state (after a write this process made that events do not show, e.g. dynamic partitions). */
  invalidate(): void {
    this.#current = undefined;
    this.#generation++;
  }

  get(definitions: Definitions): Promise<PlannerState> {
    const now = Date.now();
    const cur = this.#current;
    if (cur && cur.state.definitions === definitions && now - cur.checkedAt < this.#recheckMs && now - cur.builtAt < this.#maxAgeMs) {
      return Promise.resolve(cur.state);
    }
    if (this.#pending) return this.#pending.then((s) => (s.definitions === definitions ? s : this.get(definitions)));
    const generation = this.#generation;
    const pending = this.#refresh(definitions, cur, generation).finally(() => {
      if (this.#pending === pending) this.#pending = undefined;
    });
    this.#pending = pending;
    return pending;
  }

  async #refresh(definitions: Definitions, cur: { state: PlannerState; builtAt: number } | undefined, generation: number): Promise<PlannerState> {
    const now = Date.now();
    const seq = await this.#storage.latestEventSeq();
    if (cur && cur.state.definitions === definitions && cur.state.seq === seq && now - cur.builtAt < this.#maxAgeMs && generation === this.#generation) {
      this.#current = { ...cur, checkedAt: now };
      return cur.state;
    }
    const snapshot = await this.#storage.loadStateSnapshot({ now });
    const state = buildState(definitions, seq, snapshot);
    if (generation === this.#generation) this.#current = { state, checkedAt: now, builtAt: now };
    return state;
  }
}

function buildState(definitions: Definitions, seq: string | null, snapshot: StateSnapshot): PlannerState {
  const staleness = computeStaleness(definitions, snapshot);
  const summaries = new Map<string, AssetStalenessSummary>();
  const summary = (key: string) => {
    let s = summaries.get(key);
    if (!s) summaries.set(key, (s = staleness.summary(key)));
    return s;
  };
  const latest = new Map<string, MaterializationRecord | null>();
  const latestMaterialization = (key: string) => {
    let found = latest.get(key);
    if (found === undefined) {
      found = null;
      for (const m of snapshot.assets.get(key)?.latest.values() ?? []) if (!found || m.timestamp > found.timestamp || (m.timestamp === found.timestamp && Number(m.id) > Number(found.id))) found = m;
      latest.set(key, found);
    }
    return found;
  };
  const partitionContext: PartitionContext = { now: snapshot.now, dynamicKeys: (name) => snapshot.dynamicPartitions.get(name) ?? [] };
  return { definitions, seq, snapshot, staleness, partitionContext, summary, latestMaterialization, status: (key) => summary(key).status };
}
