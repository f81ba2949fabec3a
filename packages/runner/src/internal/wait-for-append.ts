import type { BatonStorage } from '@baton/core';

/**
 * Resolves when events are next appended to `storage` (by any process: the port's change
 * notification), after `ms` at the latest, or at once when `signal` is aborted. Followers use it
 * instead of sleeping, so they see a change within a few ms while `ms` stays a safety net.
 *
 * @example
 * while (!ended) { await readNewEvents(); await waitForAppend(storage, 1_000); }
 */
export function waitForAppend(storage: BatonStorage, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = storage.onEventsAppended(done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
