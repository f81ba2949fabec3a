import type { BatonStorage } from '@baton/core';

/** In-process wake-ups for steps waiting on a pool slot: released slots wake waiters at once. */
const waiters = new Set<() => void>();

/** Tells waiting steps in this process that a pool slot may be free. */
export function notifyPoolSlotReleased(): void {
  for (const wake of [...waiters]) wake();
}

/**
 * Waits until a slot of `pool` is claimed for (runId, stepKey): tries, then sleeps until a slot is
 * released in this process or `pollMs` passes (slots released by other processes). Rejects when
 * `signal` aborts.
 *
 * @example
 * await claimPoolSlotWhenFree(storage, 'warehouse', runId, stepKey, signal);
 */
export async function claimPoolSlotWhenFree(
  storage: BatonStorage,
  pool: string,
  runId: string,
  stepKey: string,
  signal: AbortSignal,
  pollMs = 250,
): Promise<void> {
  for (;;) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    if (await storage.claimPoolSlot(pool, runId, stepKey)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        waiters.delete(done);
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
