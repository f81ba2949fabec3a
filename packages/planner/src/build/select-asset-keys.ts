import { BatonError, resolveSelection, type Definitions } from '@baton/core';

/**
 * The asset keys a selection selects, in graph order (every asset when `selection` is undefined).
 * Unknown exact keys fail with ASSET_NOT_FOUND and a did-you-mean hint; a selection matching
 * nothing fails with SELECTION_EMPTY.
 *
 * @example
 * selectAssetKeys(defs, 'raw/orders+') // ['raw/orders', 'clean/orders']
 */
export function selectAssetKeys(definitions: Definitions, selection: string | undefined): string[] {
  if (selection === undefined) return [...definitions.graph.topologicalOrder()];
  const keys = resolveSelection(selection, definitions);
  if (keys.length === 0) {
    throw new BatonError('SELECTION_EMPTY', `The selection "${selection}" matches no assets`, {
      hint: `defined assets include ${definitions.graph.keys.slice(0, 5).map((k) => `\`${k}\``).join(', ')}`,
      details: { selection },
    });
  }
  return keys;
}
