import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BatonError, type AutomationTick, type BatonStorage, type Definitions, type RunRecord } from '@baton/core';
import type { PlannedRunRequest } from './evaluate-schedule';
import { CONDITIONS_NAME, evaluateTick, type TickResult } from './evaluate-tick';
import { sourcesDueForObservation } from './sources-due';

/** Time source of the daemon; tests pass a fake one. */
export interface AutomationClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: AutomationClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface AutomationDaemonOptions {
  readonly storage: BatonStorage;
  /** The current definitions (reloaded by `baton dev` on change). */
  readonly getDefinitions: () => Definitions | Promise<Definitions>;
  /** Creates the runs; returns their ids in the order of `requests`. */
  readonly launch: (requests: readonly PlannedRunRequest[]) => Promise<readonly string[]> | readonly string[];
  readonly clock?: AutomationClock;
  /** Default 30 s. */
  readonly intervalMs?: number;
  /** Identifies this daemon in the lease; default host:pid:random. */
  readonly owner?: string;
  /** Lease duration; default max(3 × interval, 60 s). */
  readonly lockTtlMs?: number;
  /**
   * Observes sources (the runner's `observeSources`); called each tick with the sources whose
   * `observeInterval` is due. Without it, sources are not observed by the daemon.
   */
  readonly observe?: (assetKeys: readonly string[]) => Promise<unknown>;
  /** Called with errors of ticks run by `start()`; default: ignored (the tick is stored as failed when possible). */
  readonly onError?: (error: BatonError) => void;
}

export type DaemonTickOutcome =
  | { readonly acted: false; readonly reason: string }
  | { readonly acted: true; readonly result: TickResult; readonly runIds: readonly string[] };

export interface AutomationDaemon {
  readonly owner: string;
  /** Runs one tick now (if this daemon holds the lease). */
  tick(): Promise<DaemonTickOutcome>;
  /** Ticks every `intervalMs` until `stop()`. */
  start(): void;
  /** Stops ticking, waits for a running tick, and gives the lease up. */
  stop(): Promise<void>;
}

/** Name of the lease that makes one daemon act at a time. */
export const DAEMON_LOCK = 'baton-automation-daemon';

/**
 * The automation daemon: every `intervalMs`, if it holds the lease (`storage.tryAcquireLock`, so
 * with PostgreSQL only one of several daemons acts), it evaluates one tick, stores the new cursors,
 * applies dynamic partition changes, launches the run requests and stores a tick record (with the
 * evaluation) per schedule and sensor evaluated, and for the conditions when at least one asset has one. Cursors are stored before launching, so a
 * crash can lose a request but never repeat one.
 *
 * @example
 * const daemon = createAutomationDaemon({ storage, getDefinitions: () => defs, launch: (reqs) => runner.launchAll(reqs) });
 * daemon.start();
 * // later
 * await daemon.stop();
 */
export function createAutomationDaemon(options: AutomationDaemonOptions): AutomationDaemon {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  const intervalMs = options.intervalMs ?? 30_000;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const ttl = options.lockTtlMs ?? Math.max(3 * intervalMs, 60_000);
  let timer: unknown;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  const holdLease = (now: number) => storage.tryAcquireLock(DAEMON_LOCK, owner, ttl, now);

  async function tick(): Promise<DaemonTickOutcome> {
    const now = clock.now();
    if (!(await holdLease(now))) return { acted: false, reason: 'another daemon holds the lease' };
    const defs = await options.getDefinitions();
    const [state, snapshot] = await Promise.all([storage.listAutomationStates(), storage.loadStateSnapshot({ now })]);
    let runs: RunRecord[] | undefined;
    const statuses = [...new Set(defs.sensors.flatMap((s) => (s.type === 'run-status' ? [s.status] : [])))];
    if (statuses.length > 0) runs = (await storage.listRuns({ statuses }, { limit: 500 })).items as RunRecord[];
    const result = await evaluateTick({ definitions: defs, snapshot, state, now, ...(runs ? { runs } : {}) });
    if (!(await holdLease(clock.now()))) return { acted: false, reason: 'lost the lease during the tick; nothing was written' };

    for (const s of result.states) await storage.setAutomationState(s);
    for (const [name, keys] of Object.entries(result.dynamicPartitions.add)) if (keys.length) await storage.addDynamicPartitions(name, keys);
    for (const [name, keys] of Object.entries(result.dynamicPartitions.delete)) if (keys.length) await storage.deleteDynamicPartitions(name, keys);

    let runIds: readonly string[] = [];
    let launchError: string | null = null;
    if (result.runRequests.length > 0) {
      try {
        runIds = await options.launch(result.runRequests);
      } catch (error) {
        launchError = BatonError.from(error).message;
      }
    }
    const idsOf = (kind: string, name: string) => result.runRequests.flatMap((r, i) => (r.source.kind === kind && r.source.name === name && runIds[i] ? [runIds[i]!] : []));
    const requestsOf = (kind: string, name: string) => result.runRequests.filter((r) => r.source.kind === kind && r.source.name === name);
    const ticks: AutomationTick[] = [];
    for (const s of result.schedules) {
      const reqs = requestsOf('schedule', s.name);
      ticks.push({ name: s.name, timestamp: now, status: launchError && reqs.length ? 'failure' : reqs.length ? 'success' : 'skipped', runIds: idsOf('schedule', s.name), evaluation: { kind: 'schedule', message: s.message, ticks: s.ticks, skipped: s.skipped, requests: reqs }, error: reqs.length ? launchError : null });
    }
    for (const s of result.sensors) {
      const reqs = requestsOf('sensor', s.name);
      const status = s.status === 'failure' || (launchError && reqs.length) ? 'failure' : s.status;
      ticks.push({ name: s.name, timestamp: now, status, runIds: idsOf('sensor', s.name), evaluation: { kind: 'sensor', message: s.message, requests: reqs, dynamicPartitions: s.dynamicPartitions }, error: s.status === 'failure' ? s.message : reqs.length ? launchError : null });
    }
    // No asset has a condition: the cursor is still kept (its watermark), but no tick row every interval.
    if (result.states.some((s) => s.name === CONDITIONS_NAME) && defs.assets.some((a) => a.automation !== undefined)) {
      const reqs = requestsOf('conditions', CONDITIONS_NAME);
      ticks.push({ name: CONDITIONS_NAME, timestamp: now, status: launchError && reqs.length ? 'failure' : reqs.length ? 'success' : 'skipped', runIds: idsOf('conditions', CONDITIONS_NAME), evaluation: { kind: 'conditions', assets: result.evaluations, requests: reqs }, error: reqs.length ? launchError : null });
    }
    for (const t of ticks) await storage.addTick(t);
    await observeDue(defs, now);
    return { acted: true, result, runIds };
  }

  /** Observes the sources whose observeInterval is due (their latest observation is the cursor). */
  async function observeDue(defs: Definitions, now: number): Promise<void> {
    if (!options.observe) return;
    const scheduled = defs.assets.filter((a) => a.observeSchedule !== undefined);
    if (scheduled.length === 0) return;
    const last = new Map((await storage.latestObservations(scheduled.map((a) => a.key))).map((o) => [o.assetKey, o.timestamp]));
    const due = sourcesDueForObservation(scheduled, last, now);
    if (due.length > 0) await options.observe(due);
  }

  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((error: unknown) => options.onError?.(BatonError.from(error)))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = clock.setTimeout(loop, intervalMs);
      });
  };

  return {
    owner,
    tick,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      await running;
      await storage.releaseLock(DAEMON_LOCK, owner);
    },
  };
}
