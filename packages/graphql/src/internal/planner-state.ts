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
  /** How long a computed state may serve requests before the event log is checked again (ms). Default 250. */
  readonly recheckMs?: number;
  /**
   * While a newer state is being built, requests are served the last one if it was checked less than
   * this long ago (ms), instead of waiting for the rebuild. Default 2,000.
   */
  readonly maxStaleMs?: number;
  /** Recompute at least this often even with no new events (time partitions appear as time passes). Default 30,000. */
  readonly maxAgeMs?: number;
}

/**
 * Computes the planner state once per (definitions, latest event seq) and shares it across requests:
 * the catalog, lineage and status fields of concurrent requests read one snapshot with one
 * `loadStateSnapshot` call. Concurrent callers share the same in-flight work.
 *
 * While events keep arriving (a backfill writing), the state is rebuilt at most once per `recheckMs`,
 * in the background: reads get the last state (at most `maxStaleMs` old) rather than queueing behind
 * the rebuild. After `invalidate()` (a write this process made) reads wait for the new state.
 */
export class PlannerStateCache {
  #storage: BatonStorage;
  #recheckMs: number;
  #maxStaleMs: number;
  #maxAgeMs: number;
  #current: { state: PlannerState; checkedAt: number; builtAt: number } | undefined;
  #pending: Promise<PlannerState> | undefined;
  #generation = 0;

  constructor(storage: BatonStorage, options: PlannerStateCacheOptions = {}) {
    this.#storage = storage;
    this.#recheckMs = options.recheckMs ?? 250;
    this.#maxStaleMs = options.maxStaleMs ?? 2_000;
    this.#maxAgeMs = options.maxAgeMs ?? 30_000;
  }

  /** Forget the cached state (after a write this process made that events do not show, e.g. dynamic partitions). */
  invalidate(): void {
    this.#current = undefined;
    this.#pending = undefined; // a rebuild already running may have read the state before the write
    this.#generation++;
  }

  /**
   * The state. Reads may get one up to `maxStaleMs` old while a newer one is built; with `fresh`
   * (subscriptions woken by new events) the state reflects at least every event appended before the call.
   */
  get(definitions: Definitions, options: { fresh?: boolean } = {}): Promise<PlannerState> {
    if (options.fresh) return this.#fresh(definitions);
    const now = Date.now();
    const cur = this.#current;
    const usable = cur && cur.state.definitions === definitions && now - cur.builtAt < this.#maxAgeMs;
    if (usable && now - cur.checkedAt < this.#recheckMs) return Promise.resolve(cur.state);
    const pending = this.#pending ?? this.#startRefresh(definitions, cur);
    if (usable && now - cur.checkedAt < this.#maxStaleMs) {
      pending.catch(() => undefined); // a failed background rebuild is retried by the next read
      return Promise.resolve(cur.state);
    }
    return pending.then((s) => (s.definitions === definitions ? s : this.get(definitions)));
  }

  async #fresh(definitions: Definitions): Promise<PlannerState> {
    // a rebuild already under way may have read the latest seq before the caller's events: wait for it, then check again
    if (this.#pending) await this.#pending.catch(() => undefined);
    const state = await (this.#pending ?? this.#startRefresh(definitions, this.#current));
    return state.definitions === definitions ? state : this.get(definitions, { fresh: true });
  }

  #startRefresh(definitions: Definitions, cur: { state: PlannerState; builtAt: number } | undefined): Promise<PlannerState> {
    const pending = this.#refresh(definitions, cur, this.#generation).finally(() => {
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
