import type { BatonStorage } from '@baton/core';

/**
 * Starts or stops a schedule, sensor or the declarative conditions (`'__conditions'`). Starting
 * clears the cursor, so a schedule does not catch up on ticks from while it was stopped and a sensor
 * is evaluated at the next tick. For the API's start/stop mutations.
 *
 * @example
 * await setAutomationStatus(storage, 'nightly', 'schedule', 'stopped', Date.now());
 */
export async function setAutomationStatus(
  storage: BatonStorage,
  name: string,
  kind: 'schedule' | 'sensor' | 'conditions',
  status: 'running' | 'stopped',
  now: number = Date.now(),
): Promise<void> {
  const current = await storage.getAutomationState(name);
  const cursor = status === 'running' && current?.status !== 'running' && kind !== 'conditions' ? null : (current?.cursor ?? null);
  await storage.setAutomationState({ name, kind, status, cursor, updatedAt: now });
}
