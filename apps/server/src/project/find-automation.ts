import { BatonError, didYouMean, type Definitions, type ScheduleDefinition, type SensorDefinition } from '@baton/core';

/**
 * The defined schedule or sensor `name`; throws AUTOMATION_NOT_FOUND (exit code 2) with the nearest
 * name, or saying that the name belongs to the other kind.
 *
 * @example
 * findAutomation(defs, 'schedule', 'nightly'); // the ScheduleDefinition
 */
export function findAutomation(defs: Definitions, kind: 'schedule', name: string): ScheduleDefinition;
export function findAutomation(defs: Definitions, kind: 'sensor', name: string): SensorDefinition;
export function findAutomation(defs: Definitions, kind: 'schedule' | 'sensor', name: string): ScheduleDefinition | SensorDefinition {
  const list: readonly (ScheduleDefinition | SensorDefinition)[] = kind === 'schedule' ? defs.schedules : defs.sensors;
  const found = list.find((d) => d.name === name);
  if (found) return found;
  const names = list.map((d) => d.name);
  const otherKind = kind === 'schedule' ? 'sensor' : 'schedule';
  const other = (kind === 'schedule' ? defs.sensors : defs.schedules).some((d) => d.name === name);
  const guess = didYouMean(name, names);
  throw new BatonError('AUTOMATION_NOT_FOUND', `No ${kind} is named "${name}"`, {
    hint: other ? `"${name}" is a ${otherKind}: use \`baton ${otherKind} …\`` : guess ? `did you mean "${guess}"?` : `defined ${kind}s: ${names.join(', ') || 'none'} (see \`baton schedules\`)`,
    details: { name, kind },
  });
}
