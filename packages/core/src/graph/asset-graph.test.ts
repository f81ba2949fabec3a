import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { createAssetGraph, type AssetGraphNode } from './asset-graph';

const node = (key: string, ...ups: string[]): AssetGraphNode => ({
  key,
  inputs: ups.map((u, i) => ({ name: `in${i}`, assetKey: u, mapping: undefined })),
  deps: [],
});

//   a ──► c ──► e
//   b ──► c     │
//   b ──► d ──► f ◄─ e
const diamond = () => createAssetGraph([node('f', 'd', 'e'), node('e', 'c'), node('d', 'b'), node('c', 'a', 'b'), node('b'), node('a')]);

describe('AssetGraph', () => {
  it('holds sorted keys, parents and children', () => {
    const g = diamond();
    expect(g.keys).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(g.size).toBe(6);
    expect(g.parents('c')).toEqual(['a', 'b']);
    expect(g.children('b')).toEqual(['c', 'd']);
    expect(g.parents('a')).toEqual([]);
    expect(g.indexOf('d')).toBe(3);
    expect(g.indexOf('zz')).toBe(-1);
    expect(g.has('e')).toBe(true);
    expect(g.edges).toHaveLength(6);
    expect(g.edgesInto('c').map((e) => [e.from, e.input])).toEqual([
      ['a', 'in0'],
      ['b', 'in1'],
    ]);
    expect(g.edgesFrom('e').map((e) => e.to)).toEqual(['f']);
  });

  it('orders topologically, deterministically, independent of declaration order', () => {
    const g = diamond();
    expect(g.topologicalOrder()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const shuffled = createAssetGraph([node('a'), node('c', 'b', 'a'), node('b'), node('e', 'c'), node('f', 'e', 'd'), node('d', 'b')]);
    expect(shuffled.topologicalOrder()).toEqual(g.topologicalOrder());
  });

  it('computes levels, roots and sinks', () => {
    const g = diamond();
    expect(g.levels()).toEqual([['a', 'b'], ['c', 'd'], ['e'], ['f']]);
    expect(g.roots()).toEqual(['a', 'b']);
    expect(g.sinks()).toEqual(['f']);
  });

  it('walks ancestors and descendants with depth', () => {
    const g = diamond();
    expect(new Set(g.ancestors('f'))).toEqual(new Set(['a', 'b', 'c', 'd', 'e']));
    expect(g.ancestors('f', 1)).toEqual(['d', 'e']);
    expect(new Set(g.ancestors('f', 2))).toEqual(new Set(['b', 'c', 'd', 'e']));
    expect(g.descendants('a')).toEqual(['c', 'e', 'f']);
    expect(g.descendants('b', 1)).toEqual(['c', 'd']);
    expect(g.descendants(['a', 'd'], 1).sort()).toEqual(['c', 'f']);
    expect(g.ancestors('a')).toEqual([]);
    expect(g.ancestors('f', 0)).toEqual([]);
  });

  it('deduplicates an upstream named twice (input and dep)', () => {
    const g = createAssetGraph([node('a'), { key: 'b', inputs: [{ name: 'x', assetKey: 'a', mapping: undefined }], deps: [{ assetKey: 'a', mapping: undefined }] }]);
    expect(g.parents('b')).toEqual(['a']);
    expect(g.children('a')).toEqual(['b']);
    expect(g.edges).toHaveLength(2);
    expect(g.levels()).toEqual([['a'], ['b']]);
  });

  it('keeps self-dependencies out of ordering', () => {
    const g = createAssetGraph([node('a'), node('b', 'a', 'b')]);
    expect(g.parents('b')).toEqual(['a']);
    expect(g.children('b')).toEqual([]);
    expect(g.hasSelfDependency('b')).toBe(true);
    expect(g.hasSelfDependency('a')).toBe(false);
    expect(g.topologicalOrder()).toEqual(['a', 'b']);
    expect(g.edgesInto('b').map((e) => [e.from, e.self])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('reports a cycle with its path', () => {
    const g = createAssetGraph([node('root'), node('x', 'root', 'z'), node('y', 'x'), node('z', 'y'), node('w', 'z')]);
    let error: unknown;
    try {
      g.topologicalOrder();
    } catch (e) {
      error = e;
    }
    expect(BatonError.is(error, 'DEPENDENCY_CYCLE')).toBe(true);
    const err = error as BatonError;
    expect(err.message).toContain('x → y → z → x');
    expect(err.details.cycle).toEqual(['x', 'y', 'z', 'x']);
  });

  it('rejects an edge to an unknown key and lookups of unknown keys', () => {
    expect(() => createAssetGraph([node('a', 'nope')])).toThrow(/depends on "nope"/);
    expect(() => diamond().parents('zz')).toThrow(BatonError);
  });

  it('is frozen', () => {
    const g = diamond();
    expect(Object.isFrozen(g)).toBe(true);
    expect(Object.isFrozen(g.keys)).toBe(true);
  });
});
