import type { BackfillRecord, BatonStorage } from '@baton/core';
import { PROCESS_OWNER } from '../internal/owner-id';
import { onBackfillsChanged } from './backfill-signal';
import { newBackfillTickCache, tickBackfill } from './tick-backfill';

const ACTIVE: BackfillRecord['status'][] = ['requested', 'canceling', 'failing'];
let drivers = 0;
/** The longest pause the driver takes after a slow pass. */
const MAX_BACKOFF_MS = 5_000;

export interface BackfillDriverOptions {
  readonly storage: BatonStorage;
  /** Drive only these backfills (default: every active one). */
  readonly only?: readonly string[];
  /** Time between passes (ms). `wake()`, and launch/resume/retry/cancel in this process, start one sooner. Default 250. */
  readonly intervalMs?: number;
  /**
   * How long this driver's lease on a backfill (`backfill:<id>`, through `storage.tryAcquireLock`)
   * lasts without renewal; it is renewed on every pass. Another driver takes a backfill over only once
   * the lease expired (its holder stopped or crashed). Default 30,000 ms.
   */
  readonly lockTtlMs?: number;
  /** Called once per backfill this driver saw end. */
  readonly onEnd?: (backfill: BackfillRecord) => void;
  /** A pass failed (storage unreachable…); the driver keeps going. Default: a line on stderr. */
  readonly onError?: (error: unknown) => void;
}

export interface BackfillDriver {
  /** One pass over the active backfills now (passes never overlap). */
  tick(): Promise<void>;
  /** Asks for a pass soon. */
  wake(): void;
  /** Stops after the pass in progress and gives up its leases. */
  stop(): Promise<void>;
}

/**
 * Drives backfills from what storage says, whoever executes their runs (a coordinator in this
 * process, `baton worker`s, another server): each pass runs `tickBackfill` on every active backfill
 * this driver holds the lease of — queue the runs whose upstream runs succeeded (at most the
 * backfill's `maxConcurrentRuns` queued or running), write per-partition progress, set the final
 * status. Stateless between passes (what it keeps only spares reads: `KnownBackfillRuns`), so a restart
 * resumes; one driver per backfill at a time, through the storage lease `backfill:<id>` when the storage has one.
 *
 * @example
 * const driver = startBackfillDriver({ storage, onEnd: (b) => console.log(b.id, b.status) });
 * startRunCoordinator({ storage, definitions, executor });
 * await driver.stop();
 */
export function startBackfillDriver(options: BackfillDriverOptions): BackfillDriver {
  const { storage, intervalMs = 250, lockTtlMs = 30_000 } = options;
  const owner = `${PROCESS_OWNER}:backfills:${++drivers}`;
  const onError = options.onError ?? ((error: unknown) => process.stderr.write(`baton: backfill driver: ${(error as Error).message ?? String(error)}\n`));
  const cache = newBackfillTickCache();
  /** When each backfill's progress was last written: passes in between (one per run that ends, in a chain) skip it. */
  const progressAt = new Map<string, number>();
  const held = new Set<string>();
  let stopped = false;
  let current: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const lease = async (id: string): Promise<boolean> => {
    const ok = await storage.tryAcquireLock(`backfill:${id}`, owner, lockTtlMs);
    if (ok) held.add(id);
    else held.delete(id);
    return ok;
  };
  const release = async (id: string) => {
    held.delete(id);
    await storage.releaseLock(`backfill:${id}`, owner);
  };

  const active = async (): Promise<BackfillRecord[]> => {
    const found: BackfillRecord[] = [];
    if (options.only) {
      for (const id of options.only) {
        const b = await storage.getBackfill(id, { withPlan: false }); // tickBackfill keeps its own copy of the plan
        if (b && ACTIVE.includes(b.status)) found.push(b);
      }
      return found;
    }
    let cursor: string | null = null;
    do {
      const page = await storage.listBackfills({ statuses: ACTIVE, cursor, limit: 100 }, { withPlan: false });
      found.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  };

  const pass = async () => {
    for (const record of await active()) {
      if (stopped) return;
      try {
        if (!(await lease(record.id))) continue;
        // runs are queued only while the lease is still ours: a pass that stalled past it (an outage) queues nothing
        const now = performance.now();
        // half the interval: a timer's pass (every `intervalMs`) always writes, even when its timer fired a little early
        const writeProgress = now - (progressAt.get(record.id) ?? -Infinity) >= intervalMs / 2;
        const after = await tickBackfill(storage, record, cache, { lease: { name: `backfill:${record.id}`, owner, ttlMs: lockTtlMs }, writeProgress });
        if (writeProgress) progressAt.set(record.id, now);
        if (!ACTIVE.includes(after.status)) {
          progressAt.delete(record.id);
          await release(record.id);
          options.onEnd?.(after);
        }
      } catch (error) {
        onError(error);
      }
    }
  };

  const tick = (): Promise<void> => {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      const started = performance.now();
      try {
        do {
          again = false;
          await pass().catch(onError);
        } while (again && !stopped);
      } finally {
        current = undefined;
        // a backfill's first pass here reads every run of it (about 0.5 s for 10,000 runs), later ones its open runs:
        // wait at least 4× as long as the pass took, so the driver never takes more than a fifth of the event loop it
        // shares with a coordinator; a pass that mostly waited (for the database through an outage) must not push
        // the next one minutes away
        schedule(Math.max(intervalMs, Math.min(MAX_BACKOFF_MS, 4 * (performance.now() - started))));
      }
    })();
    return current;
  };
  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => void tick(), ms);
    timer.unref?.();
  };
  const wake = () => {
    if (current) again = true;
    else schedule(0);
  };
  const unsubscribe = onBackfillsChanged(wake);
  void tick();

  return {
    tick,
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      await current;
      for (const id of [...held]) await release(id).catch(onError);
    },
  };
}
