/** A follower's subscription to wake-ups (see `wakeLatch`). */
export interface WakeLatch {
  /**
   * Resolves at once when a wake-up came since the previous wait resolved (while the caller was
   * reading), else on the next wake-up, after `ms` at the latest, or when `signal` aborts.
   */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  /** Unsubscribes (a pending wait still resolves on its timeout or signal). */
  close(): void;
}

/**
 * Subscribes once, for the whole time a follower follows: a wake-up that comes while it reads is
 * remembered, so its next wait ends at once instead of after the safety poll. Wake-ups between two
 * waits count as one (one more read sees them all). The one wait of Baton's followers: the storage's
 * `onEventsAppended` and the API's in-process signal.
 *
 * @example
 * const latch = wakeLatch((wake) => storage.onEventsAppended(wake));
 * try {
 *   while (!(await readNewEvents())) await latch.wait(1_000, abortSignal);
 * } finally {
 *   latch.close();
 * }
 */
export function wakeLatch(subscribe: (wake: () => void) => () => void): WakeLatch {
  let woken = false;
  let pending: (() => void) | null = null;
  const unsubscribe = subscribe(() => {
    woken = true;
    pending?.();
  });
  return {
    wait(ms, signal) {
      if (woken || signal?.aborted) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          if (pending === done) pending = null;
          woken = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        pending = done;
        signal?.addEventListener('abort', done, { once: true });
      });
    },
    close: unsubscribe,
  };
}
