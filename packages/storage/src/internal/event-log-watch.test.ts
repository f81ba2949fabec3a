import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventLogWatch, type StartEventLogWatch } from './event-log-watch';

/** A dialect watch that counts how often it was started and stopped (a PostgreSQL connection each). */
function countingWatch(): { start: StartEventLogWatch; starts: () => number; stops: () => number; wake: () => void } {
  let starts = 0;
  let stops = 0;
  let current: (() => void) | undefined;
  return {
    start: (wake) => {
      starts++;
      current = wake;
      return () => {
        stops++;
        current = undefined;
      };
    },
    starts: () => starts,
    stops: () => stops,
    wake: () => current?.(),
  };
}

describe('createEventLogWatch', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps one dialect watch across followers that unsubscribe and subscribe again (a wait loop), instead of one per wait', () => {
    vi.useFakeTimers();
    const dialect = countingWatch();
    const watch = createEventLogWatch(dialect.start, 1_000);
    for (let i = 0; i < 100; i++) {
      const stop = watch.subscribe(() => {});
      vi.advanceTimersByTime(5);
      stop();
    }
    expect(dialect.starts()).toBe(1);
    expect(dialect.stops()).toBe(0);
    watch.close();
    expect(dialect.stops()).toBe(1);
  });

  it('stops the dialect watch once nobody listened for idleStopMs, and starts it again for the next listener', () => {
    vi.useFakeTimers();
    const dialect = countingWatch();
    const watch = createEventLogWatch(dialect.start, 1_000);
    const stop = watch.subscribe(() => {});
    stop();
    vi.advanceTimersByTime(999);
    expect(dialect.stops()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(dialect.stops()).toBe(1);

    let calls = 0;
    watch.subscribe(() => calls++);
    expect(dialect.starts()).toBe(2);
    dialect.wake();
    expect(calls).toBe(1);
    watch.close();
  });

  it('wakes only current listeners: one that left is not called while the watch lingers', () => {
    const dialect = countingWatch();
    const watch = createEventLogWatch(dialect.start, 1_000);
    let left = 0;
    let stayed = 0;
    const stop = watch.subscribe(() => left++);
    watch.subscribe(() => stayed++);
    stop();
    dialect.wake();
    expect([left, stayed]).toEqual([0, 1]);
    watch.close();
  });
});
