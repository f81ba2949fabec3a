/**
 * A fast, stable 128-bit non-cryptographic hash (four independent 32-bit FNV-1a/murmur-mixed lanes),
 * as 32 hex characters. Same input → same output on every platform; no `node:` imports.
 */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x9e3779b9;
  let h3 = 0x85ebca6b;
  let h4 = 0xc2b2ae35;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h3 = Math.imul(h3 ^ c, 0x27d4eb2f);
    h4 = Math.imul(h4 ^ c, 0x165667b1);
  }
  const mix = (h: number, seed: number): number => {
    h ^= text.length + seed;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  };
  return [mix(h1, 1), mix(h2, 2), mix(h3, 3), mix(h4, 4)].map((h) => h.toString(16).padStart(8, '0')).join('');
}
