import type Database from 'better-sqlite3';
import type { StartEventLogWatch } from './event-log-watch';

/** How often SQLite's newest seq is read while anyone listens: one indexed read, a few µs. */
export const SQLITE_WATCH_INTERVAL_MS = 5;

/**
 * SQLite has no notifications across processes, so the watch reads the log's newest seq every
 * few ms (`max(seq)` is one b-tree descent) and wakes when it moved: appends by this process and by
 * any other process on the same file are seen within `SQLITE_WATCH_INTERVAL_MS`. The timer does not
 * keep the process alive.
 */
export function sqliteEventLogWatch(database: Database.Database, intervalMs = SQLITE_WATCH_INTERVAL_MS): StartEventLogWatch {
  return (wake) => {
    const newest = database.prepare('select max(seq) from events').pluck();
    const read = (): unknown => {
      try {
        return newest.get();
      } catch {
        return undefined; // busy or closing: try again on the next tick
      }
    };
    let last = read();
    const timer = setInterval(() => {
      const seq = read();
      if (seq !== undefined && seq !== last) {
        last = seq;
        wake();
      }
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  };
}
