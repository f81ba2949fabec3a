import type { BatonEvent, BatonStorage } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { StepEventBuffer } from './step-event-buffer';

const started = (stepKey: string): BatonEvent => ({ type: 'STEP_STARTED', runId: 'r1', stepKey, assetKeys: [stepKey], partitionKeys: [], attempt: 1, timestamp: 0 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recording(): { storage: BatonStorage; batches: string[][] } {
  const batches: string[][] = [];
  const storage = { appendEvents: async (events: readonly BatonEvent[]) => void batches.push(events.map((e) => ('stepKey' in e ? String(e.stepKey) : e.type))) };
  return { storage: storage as unknown as BatonStorage, batches };
}

describe('StepEventBuffer', () => {
  it("writes a long step's events after the delay; a step that ends first takes its own, and the next step waits a full delay", async () => {
    const { storage, batches } = recording();
    const buffer = new StepEventBuffer(storage, 100);
    buffer.push(started('slow'));
    await sleep(130);
    expect(batches).toEqual([['slow']]); // still running: written so the UI shows it

    buffer.push(started('a')); // its timer is due at ~230
    await sleep(30);
    expect(await buffer.take('r1', 'a')).toEqual([started('a')]); // a ended: its start goes into its closing transaction
    await sleep(20);
    buffer.push(started('b')); // pushed before a's old timer was due, ends after it
    await sleep(70);
    expect(await buffer.take('r1', 'b')).toEqual([started('b')]);
    await sleep(120);
    expect(batches).toEqual([['slow']]); // neither a nor b was written on its own
  });

  it('hands a step its events only after a batch in flight that holds the step is stored; every event is written or handed back once', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const storage = { appendEvents: async (events: readonly BatonEvent[]) => {
      await gate;
      batches.push(events.map((e) => ('stepKey' in e ? String(e.stepKey) : e.type)));
    } } as unknown as BatonStorage;
    const buffer = new StepEventBuffer(storage, 10);
    buffer.push(started('a'));
    await sleep(30); // the timer's batch [a] is in flight, held at the gate
    buffer.push({ type: 'LOG', runId: 'r1', stepKey: 'a', level: 'info', message: 'later', timestamp: 1 } as BatonEvent);
    buffer.push(started('c'));
    const taking = buffer.take('r1', 'a');
    release();
    const taken = (await taking).map((e) => ('stepKey' in e ? String(e.stepKey) : e.type));
    expect(batches[0]).toEqual(['a']); // stored before anything of a is handed back, so seqs keep their order
    await buffer.close();
    expect([...batches.flat(), ...taken].sort()).toEqual(['a', 'a', 'c']); // the start and the LOG of a, and c: once each
  });
});
