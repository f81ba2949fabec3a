import { describe, expect, it } from 'vitest';
import { waitForWake } from './wait-for-wake';

/** A subscribe function that records its listeners. */
function source() {
  const listeners = new Set<() => void>();
  return { listeners, subscribe: (l: () => void) => (listeners.add(l), () => void listeners.delete(l)), wake: () => [...listeners].forEach((l) => l()) };
}

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
