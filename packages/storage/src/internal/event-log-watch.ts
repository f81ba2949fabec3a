/**
 * Starts watching the event log: calls `wake` whenever events may have been appended, and returns
 * the function that stops the watch. Each dialect has one (see sqliteEventLogWatch, postgresEventLogWatch).
 */
export type StartEventLogWatch = (wake: () => void) => () => void;

/** Listeners of one storage's event log, sharing one watch that runs only while anyone listens. */
export interface EventLogWatch {
  subscribe(listener: () => void): () => void;
  close(): void;
}

/** How long the dialect watch outlives its last listener. */
export const WATCH_IDLE_STOP_MS = 10_000;

/**
 * Fans one dialect watch out to many listeners: the first subscriber starts it; it stops once nobody
 * has listened for `idleStopMs` (or on `close()`). Followers wait in loops (read, subscribe, woken,
 * unsubscribe, read again…): stopping with the last listener opened a PostgreSQL connection (LISTEN)
 * per wait, and each new connection's first wake-up started the next wait at once — a connection per
 * few ms. A listener that throws does not stop the others.
 *
 * @example
 * const watch = createEventLogWatch((wake) => { const t = setInterval(wake, 10); return () => clearInterval(t); });
 * const stop = watch.subscribe(() => console.log('events appended'));
 */
export function createEventLogWatch(start: StartEventLogWatch, idleStopMs = WATCH_IDLE_STOP_MS): EventLogWatch {
  const listeners = new Set<() => void>();
  let stop: (() => void) | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const wake = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch {
        // a follower's failure is its own; the watch goes on for the others
      }
    }
  };
  const halt = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = undefined;
    stop?.();
    stop = undefined;
  };
  return {
    subscribe(listener) {
      if (closed) return () => {};
      listeners.add(listener);
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = undefined;
      stop ??= start(wake);
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0 || closed) return;
        if (idleTimer) clearTimeout(idleTimer);
        idleTimer = setTimeout(halt, idleStopMs);
        idleTimer.unref?.();
      };
    },
    close() {
      closed = true;
      listeners.clear();
      halt();
    },
  };
}
