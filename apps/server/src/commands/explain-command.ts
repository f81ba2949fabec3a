import type { GlobalOptions } from '../cli/global-options';
import { formatCauses } from '../format/format-causes';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';

/**
 * `baton explain <asset>`: the asset's (partition's) status and the chain of causes down to the
 * root, as an indented tree in plain words.
 *
 * @example
 * await explainCommand({}, 'marts/revenue', {});
 */
export async function explainCommand(globals: GlobalOptions, assetKey: string, options: { partition?: string; automation?: boolean }): Promise<number> {
  if (options.automation) return (await import('./explain-automation-command')).explainAutomationCommand(globals, assetKey, options);
  const project = await openProject(globals);
  try {
    project.definitions.get(assetKey); // ASSET_NOT_FOUND with did-you-mean
    const { computeStaleness } = await import('@baton/planner');
    const snapshot = await project.storage.loadStateSnapshot({ now: Date.now() });
    const report = computeStaleness(project.definitions, snapshot);
    if (options.partition !== undefined && project.definitions.get(assetKey).partitions === undefined) {
      const { BatonError } = await import('@baton/core');
      throw new BatonError('PARTITION_KEY_INVALID', `Asset "${assetKey}" is not partitioned`, { hint: 'leave out --partition', details: { assetKey } });
    }
    const status = report.status(assetKey, options.partition);
    const pending = report.upstreamChangesPending(assetKey, options.partition);
    const causes = report.explain(assetKey, options.partition);
    const label = options.partition !== undefined ? `${assetKey} [${options.partition}]` : assetKey;
    if (globals.json) {
      printJson({ assetKey, partitionKey: options.partition ?? null, status, upstreamChangesPending: pending, causes });
      return 0;
    }
    print(`${label} is ${status.replace('_', ' ')}${pending ? ', with upstream changes pending' : ''}`);
    if (status === 'fresh' && pending) print('  its own code and the inputs it consumed are unchanged; what it reads is out of date upstream (materialize stale rebuilds it too):');
    else if (status === 'fresh') print('  nothing is out of date: its code and every input are the versions it was built from');
    else if (status === 'missing') print('  it has never been materialized');
    else if (status === 'failed') print('  its latest materialization attempt failed');
    else if (status === 'in_progress') print('  a run is materializing it now');
    const lines = formatCauses(causes.slice(0, 50));
    if (lines.length > 0) print(lines.map((l) => `  ${l}`).join('\n'));
    if (causes.length > 50) print(`  … and ${causes.length - 50} more cause(s) (use --partition or --json)`);
    return 0;
  } finally {
    await project.close();
  }
}
