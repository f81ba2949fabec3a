/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence in any process, so simulated
 * sources (the examples "fetch" nothing: each value is drawn from a generator seeded by what is being
 * fetched), fixtures, fuzz tests and benchmarks build the same data on every run and in any order.
 * One integer seeds the generator directly; anything else (strings, several parts) is hashed (FNV-1a)
 * into the seed.
 *
 * @example
 * const random = seededRandom('ksfo', '2026-01-01-00:00');
 * random(); // 0.737… — the same number on every run
 * seededRandom(7)(); // 0.0117…
 */
export function seededRandom(...parts: readonly (string | number)[]): () => number {
  const only = parts.length === 1 ? parts[0] : undefined;
  let state = typeof only === 'number' && Number.isInteger(only) ? only >>> 0 : fnv1a(parts.join('\u0000'));
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a string to a 32-bit seed. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
