import type { StoredEvent } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { runEvents } from './run-events';

const stored = Array.from({ length: 5 }, (_, i) => ({ type: 'RUN_QUEUED', runId: 'r', timestamp: i, seq: String(i + 1) }) as StoredEvent);
function log() {
  const reads: (string | null)[] = [];
  const storage = {
    async eventsForRun(_runId: string, options: { afterSeq?: string | null; limit?: number } = {}) {
      reads.push(options.afterSeq ?? null);
      const from = options.afterSeq ? stored.findIndex((e) => e.seq === options.afterSeq) + 1 : 0;
      return stored.slice(from, from + (options.limit ?? Infinity));
    },
  };
  return { storage, reads };
}

describe('runEvents', () => {
  it('yields every event of the run in order, across pages', async () => {
    const { storage, reads } = log();
    const seqs: string[] = [];
    for await (const e of runEvents(storage, 'r', 2)) seqs.push(e.seq);
    expect(seqs).toEqual(['1', '2', '3', '4', '5']);
    expect(reads).toEqual([null, '2', '4']);
  });
  it('reads no further page once the caller stops', async () => {
    const { storage, reads } = log();
    for await (const e of runEvents(storage, 'r', 2)) if (e.seq === '2') break;
    expect(reads).toEqual([null]);
  });
});
