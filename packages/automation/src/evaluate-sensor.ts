import {
  BatonError,
  resolveSelection,
  selectionText,
  type Definitions,
  type MaterializationRecord,
  type RunRecord,
  type SensorDefinition,
  type SensorReaders,
  type SensorResult,
  type StateSnapshot,
} from '@baton/core';
import type { PlannedRunRequest } from './evaluate-schedule';
import { compareIds } from './internal/key-ranges';

/** Persisted per sensor (AutomationState cursor as JSON). */
export interface SensorCursor {
  readonly lastEvaluatedAt: number;
  /** The user's cursor (custom sensors), or the engine's (asset / run-status sensors) as JSON. */
  readonly cursor: string | null;
  /** Run keys already launched (the newest 1,000). */
  readonly runKeys?: readonly string[];
}

export interface SensorEvaluation {
  readonly name: string;
  readonly status: 'success' | 'skipped' | 'failure';
  readonly requests: readonly PlannedRunRequest[];
  readonly dynamicPartitions: { readonly add: Record<string, string[]>; readonly delete: Record<string, string[]> };
  readonly message: string;
  readonly cursor: SensorCursor;
}

/** Readers over the tick's snapshot, so sensors need no storage handle. */
export function snapshotReaders(snapshot: StateSnapshot): SensorReaders {
  return {
    latestMaterialization(assetKey, partitionKey) {
      const latest = snapshot.assets.get(assetKey)?.latest;
      if (!latest) return undefined;
      if (partitionKey !== undefined) return latest.get(partitionKey);
      let best: MaterializationRecord | undefined;
      for (const m of latest.values()) if (!best || compareIds(m.id, best.id) > 0) best = m;
      return best;
    },
    dynamicPartitions: (name) => snapshot.dynamicPartitions.get(name) ?? [],
  };
}

/** Whether a sensor is due: never evaluated, or its interval has passed. */
export function sensorDue(s: SensorDefinition, cursor: SensorCursor | null, now: number): boolean {
  return cursor === null || now - cursor.lastEvaluatedAt >= s.intervalSeconds * 1000;
}

/**
 * Evaluates one due sensor: calls the user function (custom), collects new materializations of the
 * watched assets (asset sensor), or calls the handler once per newly ended run (run-status sensor).
 * A throwing user function gives a `failure` evaluation and keeps the old cursor.
 *
 * @example
 * const ev = await evaluateSensor(defs, mySensor, previousCursor, { snapshot, now, runs });
 */
export async function evaluateSensor(
  defs: Definitions,
  s: SensorDefinition,
  previous: SensorCursor | null,
  input: { readonly snapshot: StateSnapshot; readonly now: number; readonly runs?: readonly RunRecord[] },
): Promise<SensorEvaluation> {
  const { snapshot, now } = input;
  const readers = snapshotReaders(snapshot);
  const seenKeys = new Set(previous?.runKeys ?? []);
  const dyn = { add: {} as Record<string, string[]>, delete: {} as Record<string, string[]> };
  const requests: PlannedRunRequest[] = [];
  const take = (result: SensorResult | void, fallbackCursor: string | null): { cursor: string | null; skipReason?: string } => {
    for (const r of result?.runRequests ?? []) {
      if (r.runKey !== undefined) {
        if (seenKeys.has(r.runKey)) continue;
        seenKeys.add(r.runKey);
      }
      const assetKeys = resolveSelection(selectionText(r.target), defs);
      requests.push({
        source: { kind: 'sensor', name: s.name },
        assetKeys,
        partitionKeys: r.partitionKeys ? [...r.partitionKeys] : null,
        tags: { ...(r.tags ?? {}), 'baton/sensor': s.name },
        ...(r.runKey !== undefined ? { runKey: r.runKey } : {}),
      });
    }
    for (const [name, keys] of Object.entries(result?.dynamicPartitions?.add ?? {})) (dyn.add[name] ??= []).push(...keys);
    for (const [name, keys] of Object.entries(result?.dynamicPartitions?.delete ?? {})) (dyn.delete[name] ??= []).push(...keys);
    return { cursor: result && result.cursor !== undefined ? result.cursor : fallbackCursor, ...(result?.skipReason ? { skipReason: result.skipReason } : {}) };
  };
  const finish = (cursor: string | null, message: string): SensorEvaluation => ({
    name: s.name,
    status: requests.length > 0 || Object.keys(dyn.add).length > 0 || Object.keys(dyn.delete).length > 0 ? 'success' : 'skipped',
    requests,
    dynamicPartitions: dyn,
    message,
    cursor: { lastEvaluatedAt: now, cursor, runKeys: [...seenKeys].slice(-1000) },
  });

  try {
    if (s.type === 'custom') {
      const result = await s.evaluate({ ...readers, cursor: previous?.cursor ?? null, now, lastEvaluatedAt: previous?.lastEvaluatedAt ?? null });
      const out = take(result, previous?.cursor ?? null);
      return finish(out.cursor, out.skipReason ?? `${requests.length} run request(s)`);
    }
    if (s.type === 'asset') {
      const seen = (previous?.cursor ? JSON.parse(previous.cursor) : null) as Record<string, string> | null;
      const next: Record<string, string> = {};
      const fresh: MaterializationRecord[] = [];
      for (const key of s.assets) {
        const latest = snapshot.assets.get(key)?.latest;
        let max = seen?.[key] ?? '0';
        for (const m of latest?.values() ?? []) {
          if (seen && compareIds(m.id, seen[key] ?? '0') > 0) fresh.push(m);
          if (compareIds(m.id, max) > 0) max = m.id;
        }
        next[key] = max;
      }
      const cursor = JSON.stringify(next);
      if (seen === null) return finish(cursor, 'started: watching for materializations after now');
      if (fresh.length === 0) return finish(cursor, 'no new materializations');
      fresh.sort((x, y) => compareIds(x.id, y.id));
      if (s.handler) take(await s.handler({ ...readers, now, materializations: fresh }), null);
      else {
        const assetKeys = resolveSelection(s.target!, defs);
        const parts = [...new Set(fresh.map((m) => m.partitionKey))];
        const keyed = parts.filter((p): p is string => p !== null);
        if (parts.includes(null)) requests.push({ source: { kind: 'sensor', name: s.name }, assetKeys, partitionKeys: null, tags: { 'baton/sensor': s.name } });
        if (keyed.length > 0) requests.push({ source: { kind: 'sensor', name: s.name }, assetKeys, partitionKeys: keyed, tags: { 'baton/sensor': s.name } });
      }
      return finish(cursor, `${fresh.length} new materialization(s) of ${[...new Set(fresh.map((m) => `\`${m.assetKey}\``))].join(', ')}`);
    }
    // run-status
    const state = (previous?.cursor ? JSON.parse(previous.cursor) : null) as { endedAt: number; ids: string[] } | null;
    const ended = (input.runs ?? []).filter((r) => r.status === s.status && r.endedAt !== null);
    if (state === null) {
      return finish(JSON.stringify({ endedAt: now, ids: [] }), `started: watching for runs ending with ${s.status} after now`);
    }
    const todo = ended
      .filter((r) => r.endedAt! > state.endedAt || (r.endedAt === state.endedAt && !state.ids.includes(r.id)))
      .sort((x, y) => x.endedAt! - y.endedAt! || (x.id < y.id ? -1 : 1));
    let cursor = state;
    for (const run of todo) {
      take(await s.handler({ run, now }), null);
      cursor = run.endedAt === cursor.endedAt ? { endedAt: cursor.endedAt, ids: [...cursor.ids, run.id] } : { endedAt: run.endedAt!, ids: [run.id] };
    }
    const result = finish(JSON.stringify(cursor), todo.length === 0 ? `no new ${s.status} runs` : `handled ${todo.length} ${s.status} run(s): ${todo.map((r) => r.id).join(', ')}`);
    return todo.length > 0 && result.status === 'skipped' ? { ...result, status: 'success' } : result;
  } catch (error) {
    const e = BatonError.from(error);
    return { name: s.name, status: 'failure', requests: [], dynamicPartitions: { add: {}, delete: {} }, message: `sensor "${s.name}" failed: ${e.message}`, cursor: { ...(previous ?? { cursor: null }), lastEvaluatedAt: now } };
  }
}
