import type { RunStatus } from '../records/run-record';

/**
 * The event that cancels a run in `status`: a queued run ends at once (RUN_CANCELED), a starting or
 * running one is asked to stop (RUN_CANCELING: its executor notices and ends it canceled); null for a
 * run already canceling or ended.
 *
 * @example
 * cancelEventType('running') // 'RUN_CANCELING'
 */
export function cancelEventType(status: RunStatus): 'RUN_CANCELED' | 'RUN_CANCELING' | null {
  if (status === 'queued') return 'RUN_CANCELED';
  if (status === 'starting' || status === 'running') return 'RUN_CANCELING';
  return null;
}
