import type { EventLog } from '@baton/core';
import type { Plugin } from 'graphql-yoga';
import type { ApiSignal } from '../internal/api-signal';

/**
 * Events appended by any process (a CLI run, a worker) wake the API's subscriptions within ms, through
 * the storage's change notification; polling stays the safety net. The listener is removed when the
 * server is disposed (`yoga.dispose()`, which the dev server calls when it closes), so a closed server
 * leaves nothing subscribed on a storage that lives on.
 *
 * @example
 * createYoga({ plugins: [useStorageWakeUps(storage, signal)] });
 */
export function useStorageWakeUps(storage: Pick<EventLog, 'onEventsAppended'>, signal: Pick<ApiSignal, 'notify'>): Plugin {
  const unsubscribe = storage.onEventsAppended(() => signal.notify());
  return { onDispose: unsubscribe };
}
