import type { GlobalOptions } from '../cli/global-options';
import { describeLatestPartitions, latestPartitions } from '../format/describe-latest-partitions';
import { describePlan } from '../format/describe-plan';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';
import { partitionRequest } from '../project/partition-request';
import { projectActions } from '../project/project-actions';

/**
 * `baton plan`: what `baton materialize` would run (and why), without running anything. Without
 * `--select` it plans what is stale; with it, as `baton materialize` (the latest partitions when none is named).
 *
 * @example
 * await planCommand({}, { stale: true });
 */
export async function planCommand(globals: GlobalOptions, options: { select?: string; stale?: boolean; partition?: string; from?: string; to?: string }): Promise<number> {
  const partitions = partitionRequest(options);
  const project = await openProject(globals);
  try {
    const { planMaterialization } = await import('@baton/actions');
    const plan = await planMaterialization(projectActions(project), { select: options.select, stale: options.stale || options.select === undefined, partitions });
    if (globals.json) {
      printJson(plan); // plan.request.partitions is 'latest' when none was named
      return 0;
    }
    const latest = latestPartitions(plan);
    if (latest) print(describeLatestPartitions(latest));
    if (plan.runs.length === 0) print('Nothing to do: everything selected is up to date.');
    else {
      print(describePlan(plan, { steps: true }));
    }
    return 0;
  } finally {
    await project.close();
  }
}
