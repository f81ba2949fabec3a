import { waitForWake, type EventLog } from '@baton/core';

/**
 * Resolves when events are next appended to `storage` (by any process: the port's change
 * notification), after `ms` at the latest, or at once when `signal` is aborted. Followers use it
 * instead of sleeping, so they see a change within a few ms while `ms` stays a safety net.
 *
 * @example
 * while (!ended) { await readNewEvents(); await waitForAppend(storage, 1_000); }
 */
export function waitForAppend(storage: Pick<EventLog, 'onEventsAppended'>, ms: number, signal?: AbortSignal): Promise<void> {
  return waitForWake((wake) => storage.onEventsAppended(wake), ms, signal);
}
