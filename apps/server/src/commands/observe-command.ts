import type { GlobalOptions } from '../cli/global-options';
import { formatTable } from '../format/format-table';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';
import { projectActions } from '../project/project-actions';

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
    const { observe } = await import('@baton/actions');
    const observed = await observe(projectActions(project), options);
    if (globals.json) printJson(observed);
    else if (observed.length === 0) print('No source asset has an observe function.');
    else print(formatTable(['source', 'partition', 'data version / error'], observed.map((o) => [o.assetKey, o.partitionKey ?? '', o.error === undefined ? o.dataVersion! : `failed: ${o.error}`])));
    return observed.some((o) => o.error !== undefined) ? 1 : 0;
  } finally {
    await project.close();
  }
}
