import { BatonError } from '@baton/core';
import type { AssetIndex, IndexedAsset } from '../internal/asset-index';

/**
 * A selection: explicit asset keys, or selection syntax text resolved by core's `resolveSelection`
 * (passed in by the caller's wiring as `resolve`), or every asset when undefined.
 */
export type PlannerSelection = readonly string[] | string;

export type SelectionResolver = (text: string) => Iterable<string>;

/** Resolves a selection to indexed assets in topological order; empty → SELECTION_EMPTY. */
export function selectAssets(
  index: AssetIndex,
  selection: PlannerSelection | undefined,
  resolve: SelectionResolver | undefined,
): IndexedAsset[] {
  if (selection === undefined) return [...index.order];
  const keys = typeof selection === 'string' ? resolveText(selection, resolve) : selection;
  const chosen = new Set<number>();
  for (const key of keys) chosen.add(index.get(key).position);
  if (chosen.size === 0) {
    throw new BatonError('SELECTION_EMPTY', `The selection ${JSON.stringify(selection)} matches no assets`, {
      hint: 'check the asset keys or the selection expression',
      details: { selection },
    });
  }
  return index.order.filter((a) => chosen.has(a.position));
}

function resolveText(text: string, resolve: SelectionResolver | undefined): Iterable<string> {
  if (resolve) return resolve(text);
  // Without a resolver: a comma- or space-separated list of asset keys.
  return text.split(/[\s,]+/).filter((k) => k.length > 0);
}
