import { wakeLatch } from './wake-latch';

/**
 * Resolves on the next call of a listener registered through `subscribe`, after `ms` at the latest,
 * or at once when `signal` is aborted; unsubscribes and clears its timer either way. One wait on its
 * own: a follower that reads between waits keeps a `wakeLatch` instead, so a wake-up during its read is not lost.
 *
 * @example
 * await waitForWake((wake) => storage.onEventsAppended(wake), 1_000, abortSignal);
 */
export async function waitForWake(subscribe: (wake: () => void) => () => void, ms: number, signal?: AbortSignal): Promise<void> {
  const latch = wakeLatch(subscribe);
  try {
    await latch.wait(ms, signal);
  } finally {
    latch.close();
  }
}
