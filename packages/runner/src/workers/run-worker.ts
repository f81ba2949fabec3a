import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { BatonError, type BatonStorage, type IOManager, type JobConsumer, type JobQueue, type RunTransitions, type StepJob, type SweepResult } from '@baton/core';
import { inProcessExecutor } from '../execute/in-process-executor';
import { heartbeatsUnreliable } from '../recovery/heartbeats-unreliable';
import { assetLookup, type AssetLookup, type RunnerDefinitions } from '../execute/runner-definitions';
import type { StepExecutor } from '../execute/step-request';
import type { DefinitionsModuleRef } from '../isolation/messages';
import { StepEventBuffer } from './step-event-buffer';
import { createStepJobHandler, type StepJobResult } from './step-job-handler';

export interface RunWorkerOptions {
  /** The job queue step jobs are taken from (`graphileJobQueue` from `@baton/queue-graphile`); prepared on start. */
  readonly queue: JobQueue;
  /** Baton's storage on the queue's database, with run transitions (PostgreSQL). */
  readonly storage: BatonStorage & RunTransitions;
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
  /** Names this worker in the queue's worker registry. Default `host:pid:nonce`. */
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
  /** The queue's safety poll (ms), where it has one; new jobs arrive without it (graphile-worker: LISTEN/NOTIFY). Default 2,000. */
  readonly pollMs?: number;
  /** Sees each step job's result. */
  readonly onStep?: (job: StepJob, result: StepJobResult) => void;
  /** Sees each sweep that unlocked jobs of dead workers. */
  readonly onSweep?: (result: SweepResult) => void;
}

export interface BatonWorker {
  readonly workerId: string;
  /** Stops taking jobs, lets running steps finish (up to the grace period) and releases everything. */
  stop(): Promise<void>;
  /** Resolves when the worker has stopped. */
  readonly stopped: Promise<void>;
}

/**
 * A `baton worker`: executes steps of distributed runs taken from the job queue (core's `JobQueue`
 * port; `graphileJobQueue` on PostgreSQL). Each step's success events and the jobs of the steps it
 * unblocks are written in one transaction; whichever worker ends a run's last step records the run's
 * end. The worker beats in the queue's worker registry and sweeps: jobs held by workers silent for
 * `staleAfterMs` go back to the queue so another worker runs them. While any worker lives, runs with queued
 * step jobs are heartbeated, so crash recovery never fails a run that is merely waiting in the queue.
 *
 * @example
 * const worker = await runWorker({ queue: graphileJobQueue({ connectionString: url }), storage, definitions: defs,
 *   ioManagers: { default: filesystemIOManager({ baseDir: '/mnt/shared/.baton' }) }, concurrency: 4 });
 * // later
 * await worker.stop();
 */
export async function runWorker(options: RunWorkerOptions): Promise<BatonWorker> {
  const { storage, queue } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  const assets = assetLookup(isModuleRef(options.definitions) ? await importDefinitions(options.definitions) : options.definitions);
  const ownsExecutor = !options.executor;
  if (ownsExecutor && !options.ioManagers?.default) {
    throw new BatonError('INVALID_DEFINITION', 'runWorker needs ioManagers.default (or an executor)', {
      hint: 'pass ioManagers: { default: filesystemIOManager({ baseDir: <a directory every worker shares> }) }',
    });
  }
  await queue.prepare();
  const executor =
    options.executor ??
    inProcessExecutor({
      definitions: assets,
      ioManagers: options.ioManagers ?? {},
      ...(options.resources ? { resources: options.resources } : {}),
      ...(options.resourceConfig ? { resourceConfig: options.resourceConfig } : {}),
    });
  const buffer = new StepEventBuffer(storage, options.eventBatchMs ?? 100);
  const handler = createStepJobHandler({ storage, assets, executor, queue, buffer, concurrency, ...(options.config ? { config: options.config } : {}) });

  let stopping: Promise<void> | null = null;
  let consumer: JobConsumer;
  try {
    consumer = await queue.consume({
      workerId,
      concurrency,
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      handle: async (job, signal, delivery) => {
        const result = await handler.handle(job, signal, delivery);
        options.onStep?.(job, result);
      },
      onFatal: () => void stop(),
    });
  } catch (error) {
    await buffer.close().catch(() => {});
    if (ownsExecutor) await executor.close();
    throw error;
  }
  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));

  const tick = async () => {
    await consumer.beat();
    // after a database outage other workers' beats are old too: wait until they had time to beat again
    if (!heartbeatsUnreliable(storage, staleAfterMs)) {
      const swept = await consumer.sweep(staleAfterMs);
      if (swept.unlockedWorkerIds.length > 0) options.onSweep?.(swept);
    }
    const runIds = [...new Set([...(await queue.runsWithJobs()), ...handler.activeRuns()])];
    if (runIds.length > 0) await storage.heartbeat(runIds, queue.owner, Date.now());
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
      await consumer.stop().catch(() => {});
      await buffer.close().catch(() => {});
      if (ownsExecutor) await executor.close();
      markStopped();
    })());
  const onAbort = () => void stop();
  if (options.signal?.aborted) void stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  return { workerId, stop, stopped };
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
