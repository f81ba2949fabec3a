let lastMs = 0;
let counter = 0;

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter (method 1,
 * monotonic within this process: a clock that steps back or a burst within one millisecond keeps
 * counting from the last id), then 62 random bits. Its text sorts in creation order, so a new run's
 * rows go to the end of every index that starts with the run id (the events of a run, its steps)
 * instead of the middle of the index, where each insert rebalances full pages. Storage names new runs
 * with it, and so does `executePlan`, which names a run before it is stored.
 *
 * @example
 * timeOrderedId() // '0193a4f2-7c1e-7000-9a3f-…'
 */
export function timeOrderedId(now = Date.now()): string {
  const rand = globalThis.crypto.getRandomValues(new Uint8Array(10)); // Web Crypto: Node and browsers alike
  if (now > lastMs) {
    lastMs = now;
    counter = ((rand[8]! << 8) | rand[9]!) & 0x3ff; // room to count up within the millisecond
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  let tail = '';
  for (let i = 2; i < 8; i++) tail += rand[i]!.toString(16).padStart(2, '0');
  const hex = lastMs.toString(16).padStart(12, '0')
    + (0x7000 | counter).toString(16)
    + ((((rand[0]! << 8) | rand[1]!) & 0x3fff) | 0x8000).toString(16)
    + tail;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
