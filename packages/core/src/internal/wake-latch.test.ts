import { describe, expect, it } from 'vitest';
import { waitForWake } from './wait-for-wake';
import { wakeLatch } from './wake-latch';

/** A subscribe function that records its listeners. */
function source() {
  const listeners = new Set<() => void>();
  return { listeners, subscribe: (l: () => void) => (listeners.add(l), () => void listeners.delete(l)), wake: () => [...listeners].forEach((l) => l()) };
}

describe('wakeLatch', () => {
  it('remembers a wake-up that came while nobody waited: the next wait resolves at once, the one after waits again', async () => {
    const s = source();
    const latch = wakeLatch(s.subscribe);
    s.wake(); // e.g. events appended while the follower was reading
    const t0 = performance.now();
    await latch.wait(10_000);
    expect(performance.now() - t0).toBeLessThan(1_000);
    const t1 = performance.now();
    await latch.wait(40); // nothing since: waits for a wake-up or the timeout
    expect(performance.now() - t1).toBeGreaterThanOrEqual(35);
    latch.close();
    expect(s.listeners.size).toBe(0);
  });

  it('many wake-ups during a read make one early wait, not one each', async () => {
    const s = source();
    const latch = wakeLatch(s.subscribe);
    for (let i = 0; i < 5; i++) s.wake();
    await latch.wait(10_000);
    const t0 = performance.now();
    await latch.wait(40);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
    latch.close();
  });

  it('resolves a pending wait on the next wake-up, and at once when aborted', async () => {
    const s = source();
    const latch = wakeLatch(s.subscribe);
    const t0 = performance.now();
    const waiting = latch.wait(10_000);
    setTimeout(s.wake, 5);
    await waiting;
    expect(performance.now() - t0).toBeLessThan(1_000);
    const controller = new AbortController();
    const aborted = latch.wait(10_000, controller.signal);
    controller.abort();
    await aborted;
    await latch.wait(10_000, controller.signal); // already aborted: at once
    latch.close();
    expect(s.listeners.size).toBe(0);
  });
});

/** The latch's one-wait form. */
describe('waitForWake', () => {
  it('resolves on the next wake-up and unsubscribes', async () => {
    const s = source();
    const t0 = performance.now();
    const waiting = waitForWake(s.subscribe, 10_000);
    expect(s.listeners.size).toBe(1);
    s.wake();
    await waiting;
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(s.listeners.size).toBe(0);
  });

  it('resolves after ms without a wake-up, and at once when aborted', async () => {
    const s = source();
    const t0 = performance.now();
    await waitForWake(s.subscribe, 30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const waiting = waitForWake(s.subscribe, 10_000, controller.signal);
    controller.abort();
    await waiting;
    expect(s.listeners.size).toBe(0);
    await waitForWake(s.subscribe, 10_000, controller.signal); // already aborted: resolves at once
  });
});
