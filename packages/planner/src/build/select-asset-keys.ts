import { BatonError, resolveSelection, type Definitions } from '@baton/core';

/** Resolved selections per graph (definitions are immutable): a process planning one partition after another parses its selection once. */
const resolved = new WeakMap<Definitions['graph'], Map<string, readonly string[]>>();
/** Selections kept per graph; beyond this the oldest is dropped. */
const KEPT_SELECTIONS = 256;

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
  let bySelection = resolved.get(definitions.graph);
  const known = bySelection?.get(selection);
  if (known) return [...known];
  const keys = resolveSelection(selection, definitions);
  if (keys.length === 0) {
    throw new BatonError('SELECTION_EMPTY', `The selection "${selection}" matches no assets`, {
      hint: `defined assets include ${definitions.graph.keys.slice(0, 5).map((k) => `\`${k}\``).join(', ')}`,
      details: { selection },
    });
  }
  if (!bySelection) resolved.set(definitions.graph, (bySelection = new Map()));
  if (bySelection.size >= KEPT_SELECTIONS) bySelection.delete(bySelection.keys().next().value!);
  bySelection.set(selection, [...keys]);
  return keys;
}
