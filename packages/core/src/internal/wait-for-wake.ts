/**
 * Resolves on the next call of a listener registered through `subscribe`, after `ms` at the latest,
 * or at once when `signal` is aborted; unsubscribes and clears its timer either way. The one wait of
 * Baton's followers: the API's in-process signal and the storage's `onEventsAppended`.
 *
 * @example
 * await waitForWake((wake) => storage.onEventsAppended(wake), 1_000, abortSignal);
 */
export function waitForWake(subscribe: (wake: () => void) => () => void, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = subscribe(done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
