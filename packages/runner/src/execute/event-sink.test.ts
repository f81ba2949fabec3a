import type { BatonEvent, BatonStorage } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { EventSink } from './event-sink';

const log = (message: string): BatonEvent => ({ type: 'LOG', runId: 'r1', level: 'info', message, timestamp: 0 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A storage that records each appendEvents batch (only what EventSink calls). */
function recording(): { storage: BatonStorage; batches: string[][] } {
  const batches: string[][] = [];
  const storage = { appendEvents: async (events: readonly BatonEvent[]) => void batches.push(events.map((e) => (e.type === 'LOG' ? e.message : e.type))) };
  return { storage: storage as unknown as BatonStorage, batches };
}

describe('EventSink', () => {
  it('writes what waits longer than the delay on its own, and after an explicit flush the next event waits a full delay again', async () => {
    const { storage, batches } = recording();
    const seen: string[] = [];
    const sink = new EventSink(storage, (e) => seen.push(e.type), 100);
    sink.push(log('a-started'));
    await sleep(130); // a slow step: its start is written while it runs
    expect(batches).toEqual([['a-started']]);
    sink.push(log('b-started')); // its timer is due at ~230
    await sleep(30);
    sink.push(log('b-done'));
    await sink.flush(); // b ended: b's events go together
    // c starts before b's old timer was due and ends after it: its start waits for its own end
    await sleep(20);
    sink.push(log('c-started'));
    await sleep(70);
    sink.push(log('c-done'));
    await sink.flush();
    await sleep(120);
    expect(batches).toEqual([['a-started'], ['b-started', 'b-done'], ['c-started', 'c-done']]);
    expect(seen).toHaveLength(5);
  });

  it('batches everything pushed in one tick when the delay is 0, and reports a storage failure on the next flush', async () => {
    const batches: number[] = [];
    let fail = false;
    const storage = { appendEvents: async (events: readonly BatonEvent[]) => {
      if (fail) throw new Error('disk full');
      batches.push(events.length);
    } } as unknown as BatonStorage;
    const sink = new EventSink(storage);
    for (let i = 0; i < 5; i++) sink.push(log(String(i)));
    await sleep(5);
    expect(batches).toEqual([5]);
    fail = true;
    sink.push(log('lost?'));
    await sleep(5);
    await expect(sink.flush()).rejects.toThrow('disk full');
  });

  it('sets no timer per flush: one armed timer writes only what waited the full delay, and each stored batch is reported with its seqs', async () => {
    const stored: [string[], string[]][] = [];
    let next = 0;
    const storage = { appendEvents: async (events: readonly BatonEvent[]) => events.map(() => String(++next)) } as unknown as BatonStorage;
    const sink = new EventSink(storage, () => {}, 60, (events, seqs) => stored.push([events.map((e) => (e.type === 'LOG' ? e.message : e.type)), [...seqs]]));
    const timers = { set: 0 };
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => (timers.set++, realSetTimeout(fn, ms))) as typeof setTimeout;
    try {
      for (let i = 0; i < 50; i++) {
        sink.push(log(`s${i}`));
        sink.push(log(`e${i}`));
        await sink.flush();
      }
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    expect(timers.set).toBe(1);
    expect(stored).toHaveLength(50);
    expect(stored[1]).toEqual([['s1', 'e1'], ['3', '4']]);
    sink.push(log('late'));
    await sleep(100);
    expect(stored.at(-1)).toEqual([['late'], ['101']]);
  });
  it('gathers: flushes asked for in one turn of the event loop share one append, and each resolves only once its events are stored', async () => {
    const { storage, batches } = recording();
    const sink = new EventSink(storage, () => {}, 10);
    // three steps ending in the same turn (their settles run a few microtasks apart)
    const ends: Promise<void>[] = [];
    for (const step of ['a', 'b', 'c']) {
      await Promise.resolve();
      sink.push(log(`${step}-done`));
      ends.push(sink.flushGathered().then(() => expect(batches.flat()).toContain(`${step}-done`)));
    }
    await Promise.all(ends);
    expect(batches).toEqual([['a-done', 'b-done', 'c-done']]);
    // a plain flush takes what is pending at once
    sink.push(log('d-done'));
    const d = sink.flush();
    await Promise.resolve();
    sink.push(log('e-done'));
    await Promise.all([d, sink.flush()]);
    expect(batches.slice(1)).toEqual([['d-done'], ['e-done']]);
  });

  it('creates a run with the first batch it writes, and only that one', async () => {
    const calls: [string[], string[]][] = [];
    const storage = { appendEvents: async (events: readonly BatonEvent[], options?: { createRuns?: { id: string }[] }) => {
      calls.push([events.map((e) => (e.type === 'LOG' ? e.message : e.type)), (options?.createRuns ?? []).map((r) => r.id)]);
      return events.map(() => '1');
    } } as unknown as BatonStorage;
    const sink = new EventSink(storage, () => {}, 50);
    sink.createWithFirstBatch({ id: 'r1', assetKeys: ['a'], partition: { kind: 'none' }, plan: null, claimedBy: 'me' });
    sink.push(log('a'));
    expect(sink.runWritten).toBe(false);
    await sleep(80); // nothing flushed it: the delay writes it, run included
    expect(sink.runWritten).toBe(true);
    sink.push(log('b'));
    await sink.flush();
    expect(calls).toEqual([[['a'], ['r1']], [['b'], []]]);
  });
});
