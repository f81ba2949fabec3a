import type { BatonStorage, RunRecord } from '@baton/core';
import { executeClaimedRun, type ExecuteRunOptions, type RunResult } from '../execute/execute-run';
import { PROCESS_OWNER } from '../internal/owner-id';
import { onRunsQueued } from './run-queue-signal';

/** How soon after an append the coordinator looks for queued runs (and at most how often). */
const APPEND_LOOK_MS = 50;

export interface RunCoordinatorOptions extends Omit<ExecuteRunOptions, 'run' | 'plan' | 'signal' | 'storage' | 'owner'> {
  readonly storage: BatonStorage;
  /** Runs starting or running at once, across every process sharing the storage. Default 4. */
  readonly maxConcurrentRuns?: number;
  /** Safety poll for runs queued by other processes (ms). Default 1,000. */
  readonly pollMs?: number;
  readonly owner?: string;
  /** Called when a run this coordinator executed ends. */
  readonly onRunEnd?: (run: RunRecord, result: RunResult | { status: 'error'; error: unknown }) => void;
}

export interface RunCoordinator {
  /** Looks for queued runs now. */
  wake(): void;
  /** Runs this coordinator is executing. */
  readonly active: ReadonlyMap<string, RunRecord>;
  /** Resolves when no run is executing and none could be claimed on the last look. */
  idle(): Promise<void>;
  /** Cancels nothing: stops claiming and waits for running runs to end (or aborts them with `cancel: true`). */
  stop(options?: { cancel?: boolean }): Promise<void>;
}

/**
 * Claims queued runs (highest priority, then oldest; `storage.claimNextRun`) and executes them,
 * at most `maxConcurrentRuns` at once. Wakes up the moment runs are queued in this process
 * (`notifyRunsQueued`) or a run ends, and polls slowly for runs queued elsewhere.
 *
 * @example
 * const coordinator = startRunCoordinator({ storage, definitions: defs, ioManagers: { default: filesystemIOManager() }, maxConcurrentRuns: 8 });
 * await storage.createRuns(runs); notifyRunsQueued();
 * await coordinator.idle();
 * await coordinator.stop();
 */
export function startRunCoordinator(options: RunCoordinatorOptions): RunCoordinator {
  const { storage, maxConcurrentRuns = 4, pollMs = 1_000, onRunEnd, ...runOptions } = options;
  const owner = options.owner ?? PROCESS_OWNER;
  const active = new Map<string, RunRecord>();
  const controllers = new Map<string, AbortController>();
  const running = new Set<Promise<void>>();
  let stopped = false;
  let claiming = false;
  let again = false;
  let idleWaiters: (() => void)[] = [];
  let lastLookEmpty = false;

  const settleIdle = () => {
    if (active.size === 0 && lastLookEmpty && !claiming) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  let loop: Promise<void> = Promise.resolve();
  const claimLoop = (): Promise<void> => {
    if (claiming) {
      again = true;
      return loop;
    }
    claiming = true;
    loop = claimUntilFull();
    return loop;
  };
  const claimUntilFull = async () => {
    try {
      do {
        again = false;
        while (!stopped && active.size < maxConcurrentRuns) {
          let run: RunRecord | undefined;
          try {
            run = await storage.claimNextRun(owner, { maxConcurrentRuns });
          } catch {
            run = undefined;
          }
          if (!run) {
            lastLookEmpty = true;
            break;
          }
          lastLookEmpty = false;
          launch(run);
        }
      } while (again && !stopped);
    } finally {
      claiming = false;
      settleIdle();
    }
  };

  const launch = (run: RunRecord) => {
    const controller = new AbortController();
    active.set(run.id, run);
    controllers.set(run.id, controller);
    // claimed just now by claimNextRun, whose transaction read its stored status
    const p = executeClaimedRun({ ...runOptions, storage, run, owner, signal: controller.signal }, { claimedNow: true })
      .then(
        (result) => onRunEnd?.(run, result),
        (error: unknown) => onRunEnd?.(run, { status: 'error', error }),
      )
      .finally(() => {
        active.delete(run.id);
        controllers.delete(run.id);
        running.delete(p);
        lastLookEmpty = false;
        void claimLoop();
      });
    running.add(p);
  };

  const unsubscribe = onRunsQueued(() => {
    lastLookEmpty = false;
    void claimLoop();
  });
  // runs queued by other processes (RUN_QUEUED is an event): look soon after an append, at most every
  // APPEND_LOOK_MS and only with a free slot, so a busy event log costs a few claims a second, not one per batch
  let lookTimer: ReturnType<typeof setTimeout> | undefined;
  const unwatch = storage.onEventsAppended(() => {
    if (lookTimer || stopped || active.size >= maxConcurrentRuns) return;
    lookTimer = setTimeout(() => {
      lookTimer = undefined;
      lastLookEmpty = false;
      void claimLoop();
    }, APPEND_LOOK_MS);
    lookTimer.unref?.();
  });
  const timer = setInterval(() => void claimLoop(), pollMs);
  timer.unref?.();
  void claimLoop();

  return {
    wake: () => void claimLoop(),
    active,
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        lastLookEmpty = false;
        void claimLoop();
      });
    },
    async stop(stopOptions = {}) {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      unwatch();
      if (lookTimer) clearTimeout(lookTimer);
      await loop; // a run claimed while stopping is executed (and awaited), never left 'starting'
      if (stopOptions.cancel) for (const c of controllers.values()) c.abort(new Error('coordinator stopped'));
      while (running.size > 0) await Promise.all([...running]);
      settleIdle();
    },
  };
}
