import { BatonError, resolveSelection } from '@baton/core';
import { observeSources, type SourceObservation } from '@baton/runner';
import { definitionsOf, type ActionContext } from './action-context';

export interface ObserveRequest {
  /** Selection syntax; sources are what observe acts on, so `group:raw`, `key:"raw/*"` and `+x` select them too. */
  readonly select?: string | undefined;
  /** Explicit source asset keys (instead of `select`). Default: every observable source. */
  readonly assetKeys?: readonly string[] | undefined;
  readonly partition?: string | undefined;
}

/**
 * Calls `observe` of the selected observable source assets and stores their data versions; one
 * observation per source (with `error` when its observe failed). A selection without an observable
 * source is SELECTION_EMPTY.
 *
 * @example
 * const observed = await observe(ctx, { select: 'raw/*' });
 */
export async function observe(ctx: ActionContext, request: ObserveRequest = {}): Promise<SourceObservation[]> {
  const defs = definitionsOf(ctx);
  let assetKeys = request.assetKeys;
  if (request.select !== undefined) {
    const selected = resolveSelection(request.select, defs, { includeSources: true });
    assetKeys = selected.filter((k) => defs.get(k).role === 'source' && defs.get(k).observe);
    if (assetKeys.length === 0) {
      const observable = defs.assets.filter((a) => a.role === 'source' && a.observe).map((a) => a.key);
      throw new BatonError('SELECTION_EMPTY', `The selection "${request.select}" has no observable source asset`, {
        hint: observable.length > 0 ? `observable sources: ${observable.slice(0, 5).join(', ')}` : 'declare sourceAsset({ key, observe: async () => ({ dataVersion }) })',
        details: { selection: request.select },
      });
    }
  }
  const observed = await observeSources({
    definitions: defs,
    storage: ctx.storage,
    ...(assetKeys ? { assetKeys: [...assetKeys] } : {}),
    ...(request.partition !== undefined ? { partitionKeys: [request.partition] } : {}),
  });
  ctx.onChanged?.();
  return observed;
}
