import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter (method 1,
 * monotonic within this process: a clock that steps back or a burst within one millisecond keeps
 * counting from the last id), then 62 random bits. Its text sorts in creation order, so a new run's
 * rows go to the end of every index that starts with the run id (the events of a run, its steps)
 * instead of the middle of the index, where each insert rebalances full pages.
 *
 * @example
 * timeOrderedId() // '0193a4f2-7c1e-7000-9a3f-…'
 */
export function timeOrderedId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = randomBytes(2).readUInt16BE(0) & 0x3ff; // room to count up within the millisecond
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  const rand = randomBytes(8);
  const hex = lastMs.toString(16).padStart(12, '0')
    + (0x7000 | counter).toString(16)
    + ((rand.readUInt16BE(0) & 0x3fff) | 0x8000).toString(16)
    + rand.toString('hex', 2, 8);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
