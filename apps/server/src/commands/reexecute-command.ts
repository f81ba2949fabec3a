import type { GlobalOptions } from '../cli/global-options';
import { print, printJson } from '../format/print';
import { openStorage } from '../project/open-project';
import { projectActions } from '../project/project-actions';

/**
 * `baton reexecute <run>`: queues a new run of the steps of a failed or canceled run that did not
 * succeed (as the API's reexecuteRun); `baton dev`, `baton daemon` or a worker executes it. A run
 * that succeeded or has not ended is RUN_STATE_CONFLICT (exit 2).
 *
 * @example
 * await reexecuteCommand({}, 'b774c88a');
 */
export async function reexecuteCommand(globals: GlobalOptions, id: string): Promise<number> {
  const project = await openStorage(globals, { needDefs: false });
  try {
    const { reexecuteRun } = await import('@baton/actions');
    const run = await reexecuteRun(projectActions(project), id);
    if (globals.json) printJson({ runId: run.id, parentRunId: run.parentRunId, status: run.status, assetKeys: run.assetKeys });
    else print(`Run ${run.id} queued: re-executes ${run.assetKeys.join(', ')} of run ${run.parentRunId} (executed by \`baton dev\` or \`baton daemon\`)`);
    return 0;
  } finally {
    await project.close();
  }
}
