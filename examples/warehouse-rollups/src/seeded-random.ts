/**
 * A tiny seeded PRNG (mulberry32). The examples never touch the network: every "fetched" value is
 * drawn from a generator seeded by what is being fetched (station + hour), so a partition gives the
 * same data however often, and in whatever order, it is materialized.
 *
 * @example
 * const random = seededRandom('emea', '2026-01-01-00:00');
 * random(); // 0.53… — the same number on every run
 */
export function seededRandom(...parts: readonly (string | number)[]): () => number {
  let state = hash(parts.join('\u0000'));
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a string to a 32-bit seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
