import { type BatonStorage, type JobQueue, type RunRecord, type RunTransitions, type StoredEvent, isTerminalRunStatus } from '@baton/core';
import type { RunPlan } from '@baton/planner';
import { readRunPlan } from '../execute/read-run-plan';
import { replayRun } from '@baton/core';
import type { RunResult } from '../execute/execute-run';
import { decideLaunch } from './decide-transitions';
import { waitForRunEnd } from './wait-for-run-end';

export interface LaunchRunDistributedOptions {
  /** A queued run (or one a coordinator claimed: `starting`). */
  readonly run: Pick<RunRecord, 'id' | 'plan'>;
  readonly plan?: RunPlan;
  /** A storage with run transitions (PostgreSQL), on the queue's database. */
  readonly storage: BatonStorage & RunTransitions;
  /** The queue the workers take step jobs from. */
  readonly queue: Pick<JobQueue, 'owner' | 'dialect' | 'enqueue'>;
  /**
   * The owner that claimed the run (a dispatcher's `claimNextRun`): the run is handed over only while
   * still starting under this claim, else RUN_STATE_CONFLICT and nothing is enqueued.
   */
  readonly claimedBy?: string;
}

/**
 * Hands a run to `baton worker` processes: records RUN_STARTED (owner: the queue's `owner`)
 * and enqueues a job per root step in one transaction, then returns. Workers pick the jobs up at once
 * (LISTEN/NOTIFY); each step's success enqueues the steps it unblocks, and whichever worker ends
 * the last step records the run's end.
 *
 * @example
 * const [run] = await storage.createRuns([{ assetKeys, partition: { kind: 'none' }, plan }]);
 * await launchRunDistributed({ run, storage, queue: graphileJobQueue({ connectionString }) });
 */
export async function launchRunDistributed(options: LaunchRunDistributedOptions): Promise<void> {
  const { run, storage, queue } = options;
  const plan = options.plan ?? readRunPlan(run.plan, run.id);
  await storage.transitionRun(run.id, (current) => decideLaunch(plan, current, run.id, queue.owner, Date.now(), options.claimedBy), queue);
}

/**
 * `executeRun`'s distributed twin: launches the run on the workers and resolves with its result when
 * a worker records its end. Aborting `signal` requests a cancel (workers stop its running steps and
 * skip the rest) and still waits for the end.
 *
 * @example
 * const result = await executeRunDistributed({ run, storage, queue });
 * result.status // 'success'
 */
export async function executeRunDistributed(options: LaunchRunDistributedOptions & { readonly signal?: AbortSignal; readonly pollMs?: number }): Promise<RunResult> {
  await launchRunDistributed(options);
  const runId = options.run.id;
  const onAbort = () => void options.storage.appendEvents([{ type: 'RUN_CANCELING', runId, timestamp: Date.now() }]).catch(() => {});
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const ended = await waitForRunEnd(options.storage, runId, options.pollMs !== undefined ? { pollMs: options.pollMs } : {});
    const state = replayRun(runId, await readAllEvents(options.storage, runId));
    const status = isTerminalRunStatus(ended.status) ? ended.status : 'failure';
    return { runId, status, error: ended.error, state };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function readAllEvents(storage: BatonStorage, runId: string): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await storage.eventsForRun(runId, { afterSeq: after, limit: 5_000 });
    out.push(...page);
    if (page.length < 5_000) return out;
    after = page[page.length - 1]!.seq;
  }
}
