import { deepFreeze } from '@baton/core';
import type { AutomationState, Definitions, RunRecord, StateSnapshot } from '@baton/core';
import { evaluateConditions, type AssetEvaluation, type ConditionsCursor } from './evaluate-conditions';
import { evaluateSchedule, type PlannedRunRequest, type ScheduleCursor, type ScheduleEvaluation } from './evaluate-schedule';
import { evaluateSensor, sensorDue, type SensorCursor, type SensorEvaluation } from './evaluate-sensor';
import { dedupeRequests } from './internal/dedupe-requests';

/** Name of the AutomationState (and tick history) of declarative conditions. */
export const CONDITIONS_NAME = '__conditions';

export interface TickInput {
  readonly definitions: Definitions;
  /** The planner's snapshot of stored state at `now` (storage.loadStateSnapshot). */
  readonly snapshot: StateSnapshot;
  /** Stored automation states (storage.listAutomationStates()). */
  readonly state: readonly AutomationState[] | ReadonlyMap<string, AutomationState>;
  readonly now: number;
  /** Recently ended runs, for run-status sensors (newest few hundred are plenty). */
  readonly runs?: readonly RunRecord[];
  /** How late a tick of a `catchUp: 'none'` schedule may be and still fire; default 120 s. */
  readonly scheduleGraceMs?: number;
}

/** Everything one tick decided: frozen plain data. */
export interface TickResult {
  readonly kind: 'AutomationTickResult';
  readonly now: number;
  /** Deduplicated: no asset partition appears twice. Schedules first, then sensors, then conditions. */
  readonly runRequests: readonly PlannedRunRequest[];
  /** Asset partitions dropped as already requested by an earlier request of this tick. */
  readonly duplicatesDropped: number;
  readonly evaluations: readonly AssetEvaluation[];
  readonly schedules: readonly ScheduleEvaluation[];
  readonly sensors: readonly SensorEvaluation[];
  readonly dynamicPartitions: { readonly add: Readonly<Record<string, readonly string[]>>; readonly delete: Readonly<Record<string, readonly string[]>> };
  /** New states to store (storage.setAutomationState each). */
  readonly states: readonly AutomationState[];
}

const parse = <T>(state: AutomationState | undefined): T | null => {
  if (!state?.cursor) return null;
  try {
    return JSON.parse(state.cursor) as T;
  } catch {
    return null;
  }
};

/**
 * One automation tick: schedules due since their cursor, sensors due by interval, and the declarative
 * conditions of every asset, against one snapshot. Returns deduplicated run requests, the new
 * cursors and an evaluation record (requested or not, and why) per asset partition. Does no storage
 * I/O; sensor functions and run-status handlers are called.
 *
 * @example
 * const states = await storage.listAutomationStates();
 * const snapshot = await storage.loadStateSnapshot({ now });
 * const tick = await evaluateTick({ definitions: defs, snapshot, state: states, now });
 * tick.evaluations[0]?.groups[0]?.reason; // 'not requested: upstream `raw/orders` partition 2026-03-01 is missing'
 */
export async function evaluateTick(input: TickInput): Promise<TickResult> {
  const { definitions: defs, snapshot, now } = input;
  const byName = input.state instanceof Map ? (input.state as ReadonlyMap<string, AutomationState>) : new Map((input.state as readonly AutomationState[]).map((s) => [s.name, s]));
  const states: AutomationState[] = [];
  const stopped = (name: string) => byName.get(name)?.status === 'stopped';

  const schedules: ScheduleEvaluation[] = [];
  for (const s of defs.schedules) {
    if (stopped(s.name)) continue;
    const ev = evaluateSchedule(defs, s, parse<ScheduleCursor>(byName.get(s.name)), now, { ...(input.scheduleGraceMs !== undefined ? { graceMs: input.scheduleGraceMs } : {}) });
    schedules.push(ev);
    states.push({ name: s.name, kind: 'schedule', status: 'running', cursor: JSON.stringify(ev.cursor), updatedAt: now });
  }

  const sensors: SensorEvaluation[] = [];
  const dynamicPartitions = { add: {} as Record<string, string[]>, delete: {} as Record<string, string[]> };
  for (const s of defs.sensors) {
    const previous = parse<SensorCursor>(byName.get(s.name));
    if (stopped(s.name) || !sensorDue(s, previous, now)) continue;
    const ev = await evaluateSensor(defs, s, previous, { snapshot, now, ...(input.runs ? { runs: input.runs } : {}) });
    sensors.push(ev);
    for (const [name, keys] of Object.entries(ev.dynamicPartitions.add)) (dynamicPartitions.add[name] ??= []).push(...keys);
    for (const [name, keys] of Object.entries(ev.dynamicPartitions.delete)) (dynamicPartitions.delete[name] ??= []).push(...keys);
    states.push({ name: s.name, kind: 'sensor', status: 'running', cursor: JSON.stringify(ev.cursor), updatedAt: now });
  }

  let evaluations: readonly AssetEvaluation[] = [];
  const conditionRequests: PlannedRunRequest[] = [];
  if (!stopped(CONDITIONS_NAME)) {
    const result = evaluateConditions({ assets: defs.assets, snapshot, cursor: parse<ConditionsCursor>(byName.get(CONDITIONS_NAME)), now });
    evaluations = result.evaluations;
    const groups = new Map<string, { assetKeys: string[]; partitionKeys: readonly string[] | null }>();
    for (const [assetKey, keys] of result.requested) {
      const id = keys === null ? '\u0000' : keys.join('\u0001');
      const g = groups.get(id) ?? { assetKeys: [], partitionKeys: keys };
      g.assetKeys.push(assetKey);
      groups.set(id, g);
    }
    for (const g of groups.values()) conditionRequests.push({ source: { kind: 'conditions', name: CONDITIONS_NAME }, ...g, tags: { 'baton/automation': 'conditions' } });
    states.push({ name: CONDITIONS_NAME, kind: 'conditions', status: 'running', cursor: JSON.stringify(result.cursor), updatedAt: now });
  }

  const { requests, dropped } = dedupeRequests([...schedules.flatMap((s) => s.requests), ...sensors.flatMap((s) => s.requests), ...conditionRequests]);
  return deepFreeze({
    kind: 'AutomationTickResult',
    now,
    runRequests: requests,
    duplicatesDropped: dropped,
    evaluations,
    schedules,
    sensors,
    dynamicPartitions,
    states,
  });
}
