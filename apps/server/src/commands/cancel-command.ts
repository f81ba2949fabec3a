import type { GlobalOptions } from '../cli/global-options';
import { print, printJson } from '../format/print';
import { findRun } from '../project/find-run';
import { openStorage } from '../project/open-project';

/**
 * `baton cancel <id>`: cancels a queued run at once, asks a running run to stop (its executor
 * notices on the next heartbeat, wherever it runs), or cancels a backfill given its id.
 *
 * @example
 * await cancelCommand({}, 'b774c88a');
 */
export async function cancelCommand(globals: GlobalOptions, id: string): Promise<number> {
  const project = await openStorage(globals, { needDefs: false });
  try {
    const storage = project.storage;
    const backfill = await storage.getBackfill(id);
    if (backfill) {
      const { cancelBackfill } = await import('@baton/runner');
      const after = await cancelBackfill(storage, backfill.id);
      if (globals.json) printJson({ backfillId: after.id, status: after.status });
      else print(`Backfill ${after.id}: ${after.status}`);
      return 0;
    }
    const run = await findRun(storage, id);
    // the runner's cancelRun, as the API's mutation: an ended run is RUN_STATE_CONFLICT (exit 2)
    const { cancelRun } = await import('@baton/runner');
    const after = await cancelRun(storage, run.id);
    const message = after.status === 'canceled' ? `Run ${run.id} canceled (it had not started)` : `Run ${run.id} is canceling: its steps are asked to stop`;
    if (globals.json) printJson({ runId: run.id, previousStatus: run.status, status: after.status });
    else print(message);
    return 0;
  } finally {
    await project.close();
  }
}
