import type { AssetStateSnapshot, AutomationState, MaterializationRecord, StateSnapshot } from '@baton/core';

export interface AssetFacts {
  /** partition key ('' unpartitioned) → [id, timestamp, codeVersion?] */
  readonly latest?: Record<string, readonly [number, number, string?]>;
  readonly inProgress?: readonly string[];
  readonly failed?: readonly string[];
}

/** A StateSnapshot from compact facts. */
export function snap(now: number, facts: Record<string, AssetFacts>, dynamic: Record<string, string[]> = {}): StateSnapshot {
  const assets = new Map<string, AssetStateSnapshot>();
  for (const [assetKey, f] of Object.entries(facts)) {
    const latest = new Map<string, MaterializationRecord>();
    for (const [k, [id, timestamp, codeVersion]] of Object.entries(f.latest ?? {})) {
      latest.set(k, { id: String(id), assetKey, partitionKey: k === '' ? null : k, runId: `run-${id}`, stepKey: null, timestamp, dataVersion: `dv${id}`, codeVersion: codeVersion ?? 'v1', metadata: {}, provenance: [] });
    }
    assets.set(assetKey, { latest, observations: new Map(), failed: new Set(f.failed ?? []), inProgress: new Set(f.inProgress ?? []), recentDurationsMs: [] });
  }
  return { now, assets, dynamicPartitions: new Map(Object.entries(dynamic)) };
}

/** Carries the states a tick returned into the next tick's input, as storage would. */
export function carry(previous: readonly AutomationState[], next: readonly AutomationState[]): AutomationState[] {
  const map = new Map(previous.map((s) => [s.name, s]));
  for (const s of next) map.set(s.name, s);
  return [...map.values()];
}

export const at = (iso: string) => Date.parse(iso);
