import type { GlobalOptions } from '../cli/global-options';
import { print, printJson } from '../format/print';
import { openStorage } from '../project/open-project';
import { projectActions } from '../project/project-actions';

/**
 * `baton resume <backfill>` (its canceled runs are queued again) and `baton retry <backfill>` (only
 * its failed part runs again), as the API's resumeBackfill and retryFailedBackfill; `baton dev` or
 * `baton daemon` executes the runs.
 *
 * @example
 * await backfillControlCommand('retry')({}, backfillId);
 */
export function backfillControlCommand(action: 'resume' | 'retry') {
  return async (globals: GlobalOptions, id: string): Promise<number> => {
    const project = await openStorage(globals, { needDefs: false });
    try {
      const actions = await import('@baton/actions');
      const ctx = projectActions(project);
      const backfill = action === 'resume' ? await actions.resumeBackfill(ctx, id) : await actions.retryFailedBackfill(ctx, id);
      if (globals.json) printJson({ backfillId: backfill.id, status: backfill.status });
      else print(`Backfill ${backfill.id}: ${backfill.status} (${action === 'resume' ? 'its canceled runs are queued again' : 'its failed runs are queued again'})`);
      return 0;
    } finally {
      await project.close();
    }
  };
}
