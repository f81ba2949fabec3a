import type { CheckResultRecord } from '@baton/core';
import DataLoader from 'dataloader';
import type { BatonContext } from '../context';

const loaders = new WeakMap<BatonContext, DataLoader<string, readonly CheckResultRecord[]>>();

/**
 * The latest check results of an asset (one per partition and check), batched per request: every
 * asset resolved in the same tick (a lineage of 10,000 nodes) shares one `latestCheckResults` call.
 *
 * @example
 * const latest = await checkResultsLoader(ctx).load('raw/orders');
 */
export function checkResultsLoader(ctx: BatonContext): DataLoader<string, readonly CheckResultRecord[]> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(
      async (keys) => {
        const byAsset = new Map<string, CheckResultRecord[]>();
        for (const r of await ctx.storage.latestCheckResults(keys)) {
          const list = byAsset.get(r.assetKey);
          if (list) list.push(r);
          else byAsset.set(r.assetKey, [r]);
        }
        return keys.map((k) => byAsset.get(k) ?? []);
      },
      { maxBatchSize: 50_000 },
    );
    loaders.set(ctx, loader);
  }
  return loader;
}
