/** In-process wake-ups for coordinators: runs were queued, or a run finished. */
const listeners = new Set<() => void>();

/**
 * Tells every coordinator in this process to look for queued runs now (call after `createRuns`).
 * Coordinators in other processes find them on their safety poll.
 *
 * @example
 * await storage.createRuns(runs);
 * notifyRunsQueued();
 */
export function notifyRunsQueued(): void {
  for (const wake of [...listeners]) wake();
}

/** @internal subscribes a coordinator; returns the unsubscribe function. */
export function onRunsQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
