import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { BatonError, type BatonStorage, type IOManager } from '@baton/core';
import type { Runner, WorkerEvents } from 'graphile-worker';
import { inProcessExecutor } from '../execute/in-process-executor';
import { heartbeatsUnreliable } from '../recovery/heartbeats-unreliable';
import { assetLookup, type AssetLookup, type RunnerDefinitions } from '../execute/runner-definitions';
import type { StepExecutor } from '../execute/step-request';
import type { DefinitionsModuleRef } from '../isolation/messages';
import { DEFAULT_JOB_SCHEMA, STEP_TASK, checkJobSchema, distributedOwner, prepareJobQueue, type StepJobPayload } from './job-queue';
import { interceptMigrations } from './foreign-migrations';
import { quietLogger } from './quiet-logger';
import { StepEventBuffer } from './step-event-buffer';
import { createStepJobHandler, type StepJobResult } from './step-job-handler';
import { workerLiveness, type SweepResult } from './worker-liveness';

export interface RunWorkerOptions {
  /** PostgreSQL url of the database holding Baton's storage and the job queue. */
  readonly connectionString: string;
  /** graphile-worker schema (the queue). Default `graphile_worker`. */
  readonly jobSchema?: string;
  /** Baton's storage on the same database (must implement `transitionRun`: PostgreSQL). */
  readonly storage: BatonStorage;
  /** The asset definitions, or the module exporting them (imported here). */
  readonly definitions: RunnerDefinitions | AssetLookup | DefinitionsModuleRef;
  /** Where step code runs. Default: in this process, with `ioManagers`. */
  readonly executor?: StepExecutor;
  /**
   * IO managers for the default in-process executor. With workers on several machines the default
   * filesystem IO manager must point at shared storage (`filesystemIOManager({ baseDir: '/mnt/shared/.baton' })`)
   * or values must live in a shared store (database, object storage): a step reads what another
   * machine's step wrote.
   */
  readonly ioManagers?: Readonly<Record<string, IOManager>>;
  readonly resources?: Readonly<Record<string, unknown>>;
  readonly resourceConfig?: Readonly<Record<string, unknown>>;
  /** Raw run config by asset key, given to every step. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Steps this worker runs at once. Default 4. */
  readonly concurrency?: number;
  /** Names this worker in the liveness table. Default `host:pid:nonce`. */
  readonly workerId?: string;
  /** Aborting stops the worker (running steps get `shutdownGraceMs`, then their jobs go back to the queue). */
  readonly signal?: AbortSignal;
  /** How often the worker records it is alive, heartbeats its runs and checks for cancels. Default 5,000 ms. */
  readonly heartbeatMs?: number;
  /** A worker silent this long is dead: its step jobs are unlocked for others. Default 30,000 ms. */
  readonly staleAfterMs?: number;
  /**
   * How long STEP_STARTED and LOG events of running steps may wait to be written together (ms).
   * A step ending sooner writes them in its closing transaction. Default 100.
   */
  readonly eventBatchMs?: number;
  /** graphile-worker's safety poll (ms); new jobs arrive through LISTEN/NOTIFY at once. Default 2,000. */
  readonly pollMs?: number;
  /** Sees each step job's result. */
  readonly onStep?: (payload: StepJobPayload, result: StepJobResult) => void;
  /** Sees each sweep that unlocked jobs of dead workers. */
  readonly onSweep?: (result: SweepResult) => void;
}

export interface BatonWorker {
  readonly workerId: string;
  /** graphile-worker's ids this worker locks jobs under (its pool's and its job slots'). */
  readonly graphileWorkerIds: readonly string[];
  /** Stops taking jobs, lets running steps finish (up to the grace period) and releases everything. */
  stop(): Promise<void>;
  /** Resolves when the worker has stopped. */
  readonly stopped: Promise<void>;
}

/**
 * A `baton worker`: executes steps of distributed runs taken from graphile-worker's queue on
 * PostgreSQL (LISTEN/NOTIFY pickup). Each step's success events and the jobs of the steps it
 * unblocks are written in one transaction; whichever worker ends a run's last step records the run's
 * end. The worker heartbeats a liveness row and sweeps: jobs locked by workers silent for
 * `staleAfterMs` are unlocked so another worker runs them. While any worker lives, runs with queued
 * step jobs are heartbeated, so crash recovery never fails a run that is merely waiting in the queue.
 *
 * @example
 * const worker = await runWorker({ connectionString: url, storage, definitions: defs,
 *   ioManagers: { default: filesystemIOManager({ baseDir: '/mnt/shared/.baton' }) }, concurrency: 4 });
 * // later
 * await worker.stop();
 */
export async function runWorker(options: RunWorkerOptions): Promise<BatonWorker> {
  const { storage, connectionString } = options;
  const jobSchema = checkJobSchema(options.jobSchema ?? DEFAULT_JOB_SCHEMA);
  if (!storage.transitionRun) {
    throw new BatonError('STORAGE_CONFIG_INVALID', `baton worker needs PostgreSQL storage (got ${storage.dialect})`, {
      hint: 'set BATON_DATABASE_URL=postgres://…',
      details: { dialect: storage.dialect },
    });
  }
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const owner = distributedOwner(jobSchema);

  const assets = assetLookup(isModuleRef(options.definitions) ? await importDefinitions(options.definitions) : options.definitions);
  await prepareJobQueue({ connectionString, jobSchema });
  const ownsExecutor = !options.executor;
  const executor =
    options.executor ??
    inProcessExecutor({
      definitions: assets,
      ioManagers: options.ioManagers ?? {},
      ...(options.resources ? { resources: options.resources } : {}),
      ...(options.resourceConfig ? { resourceConfig: options.resourceConfig } : {}),
    });
  if (ownsExecutor && !options.ioManagers?.default) {
    throw new BatonError('INVALID_DEFINITION', 'runWorker needs ioManagers.default (or an executor)', {
      hint: 'pass ioManagers: { default: filesystemIOManager({ baseDir: <a directory every worker shares> }) }',
    });
  }
  const buffer = new StepEventBuffer(storage, options.eventBatchMs ?? 100);
  const handler = createStepJobHandler({ storage, assets, executor, jobSchema, buffer, concurrency, ...(options.config ? { config: options.config } : {}) });

  const { makeWorkerUtils, run } = await import('graphile-worker');
  const logger = await quietLogger();
  const utils = await makeWorkerUtils({ connectionString, schema: jobSchema, logger });
  const liveness = workerLiveness(utils, jobSchema);
  const graphileIds: string[] = [];
  const row = () => ({ id: workerId, graphileWorkerIds: graphileIds, host: hostname(), pid: process.pid, concurrency });
  await liveness.beat(row());

  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  // jobs are locked by the pool's id (0.17 fetches for the whole pool) or a worker's: record both
  const register = (id: string) => {
    graphileIds.push(id);
    void liveness.beat(row()).catch(() => {});
  };
  events.on('pool:create', ({ workerPool }) => register(workerPool.id));
  events.on('worker:create', ({ worker }) => register(worker.workerId));
  // a migration NOTIFY may be another schema's: check ours instead of letting graphile-worker stop the pool
  // (until the worker has started, its schema was just checked by prepareJobQueue above)
  let started = false;
  let checkingSchema = false;
  const checkOwnSchema = async () => {
    if (!started || checkingSchema || stopping) return;
    checkingSchema = true;
    try {
      await prepareJobQueue({ connectionString, jobSchema });
    } catch (error) {
      if (/unsafe to continue/.test((error as Error).message)) {
        process.stderr.write(`[baton worker] ${(error as Error).message}\n`);
        void stop();
      }
    } finally {
      checkingSchema = false;
    }
  };
  events.on('pool:listen:success', ({ client }) => interceptMigrations(client, () => void checkOwnSchema()));

  const startRunner = () =>
    run({
      connectionString,
      schema: jobSchema,
      concurrency,
      noHandleSignals: true,
      pollInterval: options.pollMs ?? 2_000,
      logger,
      events,
      taskList: {
        [STEP_TASK]: async (payload, helpers) => {
          const p = payload as StepJobPayload;
          const result = await handler.handle(p, helpers.abortSignal, helpers.job.attempts);
          options.onStep?.(p, result);
        },
      },
    });
  let runner: Runner;
  try {
    runner = await startRunner();
  } catch (error) {
    await Promise.resolve(utils.release()).catch(() => {});
    throw error;
  }
  // graphile-worker shuts its pool down when any graphile-worker schema in the database runs a
  // breaking migration (its NOTIFY channel is database-wide, so installing a queue in another schema
  // counts): unless we are stopping, check our own schema and start taking jobs again.
  const supervise = (current: Runner) => {
    void current.promise
      .catch(() => {})
      .then(async () => {
        for (let delay = 100; !stopping; delay = Math.min(5_000, delay * 2)) {
          if (process.exitCode === 57) process.exitCode = undefined;
          try {
            await prepareJobQueue({ connectionString, jobSchema });
            if (stopping) return;
            const next = await startRunner();
            if (stopping) return void (await next.stop().catch(() => {}));
            runner = next;
            supervise(runner);
            return;
          } catch (error) {
            if (/unsafe to continue/.test((error as Error).message)) {
              process.stderr.write(`[baton worker] ${(error as Error).message}\n`);
              void stop();
              return;
            }
            await new Promise((r) => setTimeout(r, delay));
          }
        }
      });
  };

  let stopping: Promise<void> | null = null;
  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  supervise(runner);

  const tick = async () => {
    await liveness.beat(row());
    // after a database outage other workers' beats are old too: wait until they had time to beat again
    if (!heartbeatsUnreliable(storage, staleAfterMs)) {
      const swept = await liveness.sweep(staleAfterMs);
      if (swept.unlockedWorkerIds.length > 0) options.onSweep?.(swept);
    }
    const runIds = [...new Set([...(await liveness.runsWithJobs()), ...handler.activeRuns()])];
    if (runIds.length > 0) await storage.heartbeat(runIds, owner, Date.now());
    const active = handler.activeRuns();
    if (active.length > 0) {
      const canceling = (await Promise.all(active.map((id) => storage.getRun(id, { withPlan: false })))).filter((r) => r?.status === 'canceling').map((r) => r!.id);
      handler.cancelRuns(canceling);
    }
  };
  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    tick()
      .catch(() => {}) // a missed beat is retried on the next tick
      .finally(() => (ticking = false));
  }, heartbeatMs);
  timer.unref?.();
  void tick().catch(() => {});

  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(timer);
      options.signal?.removeEventListener('abort', onAbort);
      await runner.stop().catch(() => {});
      await buffer.close().catch(() => {});
      await liveness.remove(workerId).catch(() => {});
      await Promise.resolve(utils.release()).catch(() => {});
      if (ownsExecutor) await executor.close();
      markStopped();
    })());
  const onAbort = () => void stop();
  started = true;
  if (options.signal?.aborted) void stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    workerId,
    graphileWorkerIds: graphileIds,
    stop,
    stopped,
  };
}

function isModuleRef(value: unknown): value is DefinitionsModuleRef {
  return typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string' && !('byKey' in value);
}

async function importDefinitions(ref: DefinitionsModuleRef): Promise<RunnerDefinitions> {
  const url = ref.path.startsWith('file:') ? ref.path : pathToFileURL(ref.path).href;
  const mod = (await import(url)) as Record<string, unknown>;
  const name = ref.exportName ?? 'default';
  const value = mod[name];
  if (value === undefined || value === null) {
    throw new BatonError('INVALID_DEFINITION', `The module ${ref.path} has no export "${name}"`, {
      hint: `export your definitions as "${name}" (e.g. export default definitions({ assets: [...] }))`,
      details: { path: ref.path, exportName: name },
    });
  }
  return value as RunnerDefinitions;
}
