import type { GlobalOptions } from '../cli/global-options';
import { formatTable } from '../format/format-table';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';

/**
 * `baton observe [--select] [--partition]`: calls `observe` of the selected observable source assets
 * (every one by default) and stores their data versions; one row per source. Exit 1 if one failed.
 *
 * @example
 * await observeCommand({}, { select: 'raw/*' }); // 0 or 1
 */
export async function observeCommand(globals: GlobalOptions, options: { select?: string; partition?: string }): Promise<number> {
  const project = await openProject(globals);
  try {
    const defs = project.definitions;
    let assetKeys: string[] | undefined;
    if (options.select !== undefined) {
      const { BatonError, resolveSelection } = await import('@baton/core');
      // sources are what observe acts on, so `group:raw`, `key:"raw/*"` and `+x` select them too
      const selected = resolveSelection(options.select, defs, { includeSources: true });
      assetKeys = selected.filter((k) => defs.get(k).role === 'source' && defs.get(k).observe);
      if (assetKeys.length === 0) {
        const observable = defs.assets.filter((a) => a.role === 'source' && a.observe).map((a) => a.key);
        throw new BatonError('SELECTION_EMPTY', `The selection "${options.select}" has no observable source asset`, {
          hint: observable.length > 0 ? `observable sources: ${observable.slice(0, 5).join(', ')}` : 'declare sourceAsset({ key, observe: async () => ({ dataVersion }) })',
          details: { selection: options.select },
        });
      }
    }
    const { observeSources } = await import('@baton/runner');
    const observed = await observeSources({
      definitions: defs,
      storage: project.storage,
      ...(assetKeys ? { assetKeys } : {}),
      ...(options.partition !== undefined ? { partitionKeys: [options.partition] } : {}),
    });
    if (globals.json) printJson(observed);
    else if (observed.length === 0) print('No source asset has an observe function.');
    else print(formatTable(['source', 'partition', 'data version / error'], observed.map((o) => [o.assetKey, o.partitionKey ?? '', o.error === undefined ? o.dataVersion! : `failed: ${o.error}`])));
    return observed.some((o) => o.error !== undefined) ? 1 : 0;
  } finally {
    await project.close();
  }
}
