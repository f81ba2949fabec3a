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

/**
 * Fans one dialect watch out to many listeners: the first subscriber starts it, the last one to leave
 * (or `close()`) stops it. A listener that throws does not stop the others.
 *
 * @example
 * const watch = createEventLogWatch((wake) => { const t = setInterval(wake, 10); return () => clearInterval(t); });
 * const stop = watch.subscribe(() => console.log('events appended'));
 */
export function createEventLogWatch(start: StartEventLogWatch): EventLogWatch {
  const listeners = new Set<() => void>();
  let stop: (() => void) | undefined;
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
    stop?.();
    stop = undefined;
  };
  return {
    subscribe(listener) {
      if (closed) return () => {};
      listeners.add(listener);
      stop ??= start(wake);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) halt();
      };
    },
    close() {
      closed = true;
      listeners.clear();
      halt();
    },
  };
}
