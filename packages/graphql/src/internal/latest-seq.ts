import type { BatonStorage } from '@baton/core';

/**
 * The storage's latest event seq, found from a known earlier seq: one `eventsAfter` call when little
 * happened, else an exponential probe plus a binary search (about 2·log2(seq) one-row reads). The
 * storage port has no "latest seq" read; this keeps the API to the port's indexed reads.
 */
export async function latestSeq(storage: BatonStorage, from: string | null): Promise<string | null> {
  const page = await storage.eventsAfter(from, { limit: 256 });
  if (page.length === 0) return from;
  if (page.length < 256) return page[page.length - 1]!.seq;
  const exists = async (seq: number) => (await storage.eventsAfter(String(seq), { limit: 1 })).length > 0;
  let low = Number(page[page.length - 1]!.seq) - 1; // invariant: some event has seq > low
  let step = 1024;
  while (await exists(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step; // no event after `high`
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(mid)) low = mid;
    else high = mid;
  }
  // `low` has events after it but `low + 1` has none: the latest seq is `low + 1`.
  return String(low + 1);
}
