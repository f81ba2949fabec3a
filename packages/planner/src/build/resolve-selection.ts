import { BatonError, resolveSelection, type SelectionTarget } from '@baton/core';
import type { AssetIndex, IndexedAsset } from '../internal/asset-index';

/**
 * A selection: explicit asset keys, or selection syntax text (`'+key:"marts/*" and not group:staging'`)
 * resolved by core's `resolveSelection` against the definitions' graph; every asset when undefined.
 */
export type PlannerSelection = readonly string[] | string;

export type SelectionResolver = (text: string) => Iterable<string>;

/** Resolves a selection to indexed assets in topological order; empty → SELECTION_EMPTY. */
export function selectAssets(
  index: AssetIndex,
  defs: unknown,
  selection: PlannerSelection | undefined,
  resolve: SelectionResolver | undefined,
): IndexedAsset[] {
  if (selection === undefined) return [...index.order];
  const keys = typeof selection === 'string' ? resolveText(selection, defs, resolve) : selection;
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

function resolveText(text: string, defs: unknown, resolve: SelectionResolver | undefined): Iterable<string> {
  if (resolve) return resolve(text);
  if (typeof defs === 'object' && defs !== null && 'graph' in defs) return resolveSelection(text, defs as SelectionTarget);
  throw new BatonError('SELECTION_SYNTAX_ERROR', `Selection text ${JSON.stringify(text)} needs core's Definitions (with a graph) or a resolveSelection option`, {
    hint: 'pass definitions() output, or a list of asset keys',
    details: { selection: text },
  });
}
