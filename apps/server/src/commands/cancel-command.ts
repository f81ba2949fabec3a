import type { GlobalOptions } from '../cli/global-options';
import { print, printJson } from '../format/print';
import { openStorage } from '../project/open-project';
import { projectActions } from '../project/project-actions';

/**
 * `baton cancel <id>`: cancels a queued run at once, asks a running run to stop (its executor
 * notices on the next heartbeat, wherever it runs), or cancels a backfill given its id. A run that
 * already ended is refused as the API refuses it (RUN_STATE_CONFLICT: one line, exit 2).
 *
 * @example
 * await cancelCommand({}, 'b774c88a');
 */
export async function cancelCommand(globals: GlobalOptions, id: string): Promise<number> {
  const project = await openStorage(globals, { needDefs: false });
  try {
    const { cancel } = await import('@baton/actions');
    const done = await cancel(projectActions(project), id);
    if (done.kind === 'backfill') {
      if (globals.json) printJson({ backfillId: done.backfill.id, status: done.backfill.status });
      else print(`Backfill ${done.backfill.id}: ${done.backfill.status}`);
      return 0;
    }
    const { run, previous } = done;
    if (globals.json) printJson({ runId: run.id, previousStatus: previous.status, status: run.status });
    else print(run.status === 'canceled' ? `Run ${run.id} canceled (it had not started)` : `Run ${run.id} is canceling: its steps are asked to stop`);
    return 0;
  } finally {
    await project.close();
  }
}
