import { waitForWake } from '@baton/core';

/**
 * In-process wake-up for live queries and subscriptions: call `notify()` when events were written
 * in this process (the runner's `onEvent`, a mutation). Other processes are picked up by polling.
 */
export interface ApiSignal {
  notify(): void;
  /** Resolves on the next `notify()` or after `ms`, whichever comes first (or at once when aborted). */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  subscribe(listener: () => void): () => void;
}

/**
 * Creates an in-process signal shared by the API and whatever writes events in the same process.
 *
 * @example
 * const signal = createApiSignal();
 * executeRun({ ..., onEvent: () => signal.notify() });
 * createBatonYoga({ ..., signal });
 */
export function createApiSignal(): ApiSignal {
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    notify() {
      for (const l of [...listeners]) l();
    },
    subscribe,
    wait(ms, signal) {
      return waitForWake(subscribe, ms, signal);
    },
  };
}
