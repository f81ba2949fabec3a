import { asset, definitions } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { selectAssetKeys } from './select-asset-keys';

describe('selectAssetKeys', () => {
  const a = asset({ key: 'a', compute: () => 1 });
  const b = asset({ key: 'b', ins: { a }, compute: () => 2 });
  const defs = definitions({ assets: [a, b] });

  it('answers a repeated selection the same, whatever a caller did with the keys it got', () => {
    const first = selectAssetKeys(defs, 'a+');
    expect(first).toEqual(['a', 'b']);
    first.pop();
    first.push('changed');
    expect(selectAssetKeys(defs, 'a+')).toEqual(['a', 'b']);
    expect(selectAssetKeys(defs, 'b')).toEqual(['b']);
  });

  it('resolves against each definitions own graph', () => {
    const other = definitions({ assets: [asset({ key: 'a', compute: () => 1 })] });
    expect(selectAssetKeys(defs, 'a+')).toEqual(['a', 'b']);
    expect(selectAssetKeys(other, 'a+')).toEqual(['a']);
  });
});
