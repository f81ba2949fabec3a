import { describe, expect, it } from 'vitest';
import { LayeredMap } from './layered-map';

describe('LayeredMap', () => {
  it('reads, counts and iterates as the Map the same sets make, and never changes a map handed out', () => {
    const start = new Map<string, number>(Array.from({ length: 400 }, (_, i) => [`k${i}`, i]));
    let layered = LayeredMap.of(new Map(start));
    let plain = new Map(start);
    const handedOut: [LayeredMap<string, number>, [string, number][]][] = [];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let change = 0; change < 300; change++) {
      // a few keys a change: some set again (they keep their place), some new (they come last)
      const entries = Array.from({ length: 1 + random(3) }, (): [string, number] => [`k${random(700)}`, change]);
      layered = layered.with(entries);
      for (const [k, v] of entries) plain.set(k, v);
      expect(layered.size).toBe(plain.size);
      expect(JSON.stringify([...layered])).toBe(JSON.stringify([...plain]));
      handedOut.push([layered, [...plain]]);
    }
    for (const [map, then] of handedOut) expect(JSON.stringify([...map.entries()])).toBe(JSON.stringify(then));
    expect([...layered.keys()]).toEqual([...plain.keys()]);
    expect([...layered.values()]).toEqual([...plain.values()]);
    for (const k of ['k0', 'k399', 'k650', 'nope']) {
      expect(layered.get(k)).toBe(plain.get(k));
      expect(layered.has(k)).toBe(plain.has(k));
    }
    const seen: [string, number][] = [];
    layered.forEach((v, k, m) => {
      expect(m).toBe(layered);
      seen.push([k, v]);
    });
    expect(seen).toEqual([...plain]);
  });

  it('takes a layered map as it is', () => {
    const a = LayeredMap.of(new Map([['a', 1]])).with([['b', 2]]);
    expect(LayeredMap.of(a)).toBe(a);
  });
});
