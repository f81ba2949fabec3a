/** In-process wake-ups for backfill drivers: a backfill was launched, resumed, retried or canceled. */
const listeners = new Set<() => void>();

/**
 * Tells every backfill driver in this process to look at the backfills now (launch, resume, retry
 * and cancel call it). Drivers in other processes notice on their next tick.
 *
 * @example
 * await storage.updateBackfill(id, { status: 'requested' });
 * notifyBackfillsChanged();
 */
export function notifyBackfillsChanged(): void {
  for (const wake of [...listeners]) wake();
}

/** @internal subscribes a driver; returns the unsubscribe function. */
export function onBackfillsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
