import { CONDITIONS_NAME, nextCronTick } from '@baton/automation';
import { BatonError, didYouMean, type AutomationState, type AutomationTick, type Definitions, type ScheduleDefinition, type SensorDefinition } from '@baton/core';
import type { BatonContext } from '../context';

/** A schedule or sensor with its stored state, as the API shows it. */
export interface AutomationEntry<D extends ScheduleDefinition | SensorDefinition> {
  readonly def: D;
  readonly state: AutomationState | undefined;
  /** When the view was built (next ticks are computed from it). */
  readonly now: number;
}

export type AutomationKind = 'schedule' | 'sensor';

const statesOf = new WeakMap<object, Promise<Map<string, AutomationState>>>();
const conditionTicksOf = new WeakMap<object, Promise<readonly AutomationTick[]>>();

/** Every stored automation state by name, read once per request. */
export function automationStates(ctx: BatonContext): Promise<Map<string, AutomationState>> {
  let found = statesOf.get(ctx);
  if (!found) statesOf.set(ctx, (found = ctx.storage.listAutomationStates().then((all) => new Map(all.map((s) => [s.name, s])))));
  return found;
}

/** How many stored conditions ticks the asset fields look through for an asset's latest evaluation. */
export const CONDITION_TICKS_SCANNED = 50;

/** The newest conditions ticks (newest first), read once per request however many assets ask. */
export function recentConditionTicks(ctx: BatonContext): Promise<readonly AutomationTick[]> {
  let found = conditionTicksOf.get(ctx);
  if (!found) conditionTicksOf.set(ctx, (found = ctx.storage.listTicks(CONDITIONS_NAME, { limit: CONDITION_TICKS_SCANNED }).then((p) => p.items)));
  return found;
}

/** 'running' unless stopped: schedules and sensors run from the moment they are defined. */
export const statusOf = (state: AutomationState | undefined): 'running' | 'stopped' => state?.status ?? 'running';

/**
 * The defined schedule or sensor `name`; throws AUTOMATION_NOT_FOUND naming the nearest name.
 *
 * @example
 * findAutomation(defs, 'schedule', 'nightly'); // the ScheduleDefinition
 */
export function findAutomation<K extends AutomationKind>(defs: Definitions, kind: K, name: string): K extends 'schedule' ? ScheduleDefinition : SensorDefinition {
  const list: readonly (ScheduleDefinition | SensorDefinition)[] = kind === 'schedule' ? defs.schedules : defs.sensors;
  const found = list.find((d) => d.name === name);
  if (found) return found as K extends 'schedule' ? ScheduleDefinition : SensorDefinition;
  const names = list.map((d) => d.name);
  const other = (kind === 'schedule' ? defs.sensors : defs.schedules).find((d) => d.name === name);
  const guess = didYouMean(name, names);
  throw new BatonError('AUTOMATION_NOT_FOUND', `No ${kind} is named "${name}"`, {
    hint: other
      ? `"${name}" is a ${kind === 'schedule' ? 'sensor' : 'schedule'}`
      : guess
        ? `did you mean "${guess}"?`
        : `defined ${kind}s: ${names.join(', ') || 'none'}`,
    details: { name, kind },
  });
}

/**
 * The next tick of a schedule (null when stopped, or when its cron never fires again).
 *
 * @example
 * nextScheduleTick({ def: nightly, state, now: Date.now() });
 */
export function nextScheduleTick(entry: AutomationEntry<ScheduleDefinition>): number | null {
  if (statusOf(entry.state) === 'stopped') return null;
  return nextCronTick(entry.def.cron, entry.def.timezone, entry.now);
}

/**
 * When a sensor is evaluated next: its last evaluation plus its interval, or now when it was never
 * evaluated (null when stopped).
 *
 * @example
 * nextSensorTick({ def: newFiles, state, now: Date.now() });
 */
export function nextSensorTick(entry: AutomationEntry<SensorDefinition>): number | null {
  if (statusOf(entry.state) === 'stopped') return null;
  const last = lastEvaluatedAt(entry.state);
  return last === null ? entry.now : Math.max(entry.now, last + entry.def.intervalSeconds * 1000);
}

function lastEvaluatedAt(state: AutomationState | undefined): number | null {
  if (!state?.cursor) return null;
  try {
    const value = (JSON.parse(state.cursor) as { lastEvaluatedAt?: unknown }).lastEvaluatedAt;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}
