import { BatonError, type BatonStorage, type JobQueue, type RunTransitions } from '@baton/core';
import { onRunsQueued } from '../coordinator/run-queue-signal';
import { PROCESS_OWNER } from '../internal/owner-id';
import { launchRunDistributed } from './launch-run-distributed';

export interface DistributedDispatcherOptions {
  readonly storage: BatonStorage & RunTransitions;
  /** The queue claimed runs are handed to. */
  readonly queue: Pick<JobQueue, 'owner' | 'dialect' | 'enqueue'>;
  /** Runs starting or running at once across every process sharing the storage (distributed ones included). Default 4. */
  readonly maxConcurrentRuns?: number;
  /** Poll for runs queued by other processes (ms). Default 1,000. */
  readonly pollMs?: number;
  readonly owner?: string;
  /** Called when a claimed run could not be handed to the workers (it is failed with the reason, unless its claim was taken back: RUN_STATE_CONFLICT). */
  readonly onError?: (runId: string, error: unknown) => void;
}

/**
 * The coordinator's distributed twin: claims queued runs (priority, then age; `claimNextRun`) and
 * hands each to the worker queue (`launchRunDistributed`, under its claim) instead of executing it
 * here. A claimed run that cannot be launched is failed with the reason, never left `starting` — unless
 * its claim was taken back meanwhile (this process was silent past the recovery threshold and the run
 * went back to the queue): then it hands over nothing and fails nothing.
 *
 * @example
 * const dispatcher = startDistributedDispatcher({ storage, queue, maxConcurrentRuns: 8 });
 * // later
 * await dispatcher.stop();
 */
export function startDistributedDispatcher(options: DistributedDispatcherOptions): { wake(): void; stop(): Promise<void> } {
  const { storage, maxConcurrentRuns = 4, pollMs = 1_000 } = options;
  const owner = options.owner ?? PROCESS_OWNER;
  let stopped = false;
  let loop: Promise<void> = Promise.resolve();
  let busy = false;
  let again = false;

  const claimAll = async () => {
    do {
      again = false;
      while (!stopped) {
        const run = await storage.claimNextRun(owner, { maxConcurrentRuns }).catch(() => undefined);
        if (!run) break;
        try {
          await launchRunDistributed({ run, storage, queue: options.queue, claimedBy: owner });
        } catch (error) {
          options.onError?.(run.id, error);
          // its claim was taken back (recovery requeued it, another process may run it now): not ours to fail
          if (BatonError.is(error) && error.code === 'RUN_STATE_CONFLICT') continue;
          const message = `could not hand the run to the workers: ${(error as Error).message}`;
          await storage
            .transitionRun(run.id, (current) => (current?.status === 'starting' && current.owner === owner ? { events: [{ type: 'RUN_FAILURE', runId: run.id, error: message, timestamp: Date.now() }], jobs: [] } : { events: [], jobs: [] }), options.queue)
            .catch(() => {});
        }
      }
    } while (again && !stopped);
  };
  const wake = () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    loop = claimAll().finally(() => (busy = false));
  };
  const unsubscribe = onRunsQueued(wake);
  const timer = setInterval(wake, pollMs);
  timer.unref?.();
  wake();
  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await loop;
    },
  };
}
