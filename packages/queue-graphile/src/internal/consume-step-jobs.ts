import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { JobConsumer, JobConsumerOptions } from '@baton/core';
import type { Runner, WorkerEvents, WorkerUtils } from 'graphile-worker';
import { interceptMigrations } from './foreign-migrations';
import { quietLogger } from './quiet-logger';
import { STEP_TASK } from './step-task';
import { workerRegistry } from './worker-registry';

/**
 * Takes step jobs from graphile-worker's queue in `schema` (LISTEN/NOTIFY pickup, `pollMs` safety
 * poll), `concurrency` at once, registered in the worker registry under the graphile-worker ids it
 * locks jobs with. graphile-worker shuts its pool down when any graphile-worker schema in the database
 * runs a breaking migration (its NOTIFY channel is database-wide): the consumer checks its own schema
 * (`prepare`) and starts taking jobs again, unless that schema really moved past what it supports
 * ("unsafe to continue": `onFatal`, and the consumer stops).
 *
 * @example
 * const consumer = await consumeStepJobs(url, 'graphile_worker', utils, prepare, { workerId: 'w1', concurrency: 4, handle });
 * await consumer.beat();
 * await consumer.stop();
 */
export async function consumeStepJobs(
  connectionString: string,
  schema: string,
  utils: Pick<WorkerUtils, 'withPgClient'>,
  prepare: () => Promise<void>,
  options: JobConsumerOptions,
): Promise<JobConsumer> {
  const { workerId, concurrency } = options;
  const registry = workerRegistry(utils, schema);
  const logger = await quietLogger();
  const { run } = await import('graphile-worker');
  const graphileIds: string[] = [];
  const row = () => ({ id: workerId, graphileWorkerIds: graphileIds, host: hostname(), pid: process.pid, concurrency });
  await registry.beat(row());

  let stopping: Promise<void> | null = null;
  const fatal = (error: Error) => {
    process.stderr.write(`[baton worker] ${error.message}\n`);
    options.onFatal?.(error);
    void stop();
  };
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  // jobs are locked by the pool's id (0.17 fetches for the whole pool) or a worker's: record both
  const register = (id: string) => {
    graphileIds.push(id);
    void registry.beat(row()).catch(() => {});
  };
  events.on('pool:create', ({ workerPool }) => register(workerPool.id));
  events.on('worker:create', ({ worker }) => register(worker.workerId));
  // a migration NOTIFY may be another schema's: check ours instead of letting graphile-worker stop the pool
  // (until the consumer has started, its schema was just prepared by the caller)
  let started = false;
  let checkingSchema = false;
  const checkOwnSchema = async () => {
    if (!started || checkingSchema || stopping) return;
    checkingSchema = true;
    try {
      await prepare();
    } catch (error) {
      if (/unsafe to continue/.test((error as Error).message)) fatal(error as Error);
    } finally {
      checkingSchema = false;
    }
  };
  events.on('pool:listen:success', ({ client }) => interceptMigrations(client, () => void checkOwnSchema()));

  const startRunner = () =>
    run({
      connectionString,
      schema,
      concurrency,
      noHandleSignals: true,
      pollInterval: options.pollMs ?? 2_000,
      logger,
      events,
      taskList: {
        [STEP_TASK]: async (payload, helpers) => {
          const job = payload as { runId: string; stepKey: string };
          await options.handle({ runId: job.runId, stepKey: job.stepKey }, helpers.abortSignal ?? new AbortController().signal, helpers.job.attempts);
        },
      },
    });
  let runner: Runner = await startRunner();
  // graphile-worker stopped its pool (a breaking migration NOTIFY): unless we are stopping, check our
  // own schema and start taking jobs again
  const supervise = (current: Runner) => {
    void current.promise
      .catch(() => {})
      .then(async () => {
        for (let delay = 100; !stopping; delay = Math.min(5_000, delay * 2)) {
          if (process.exitCode === 57) process.exitCode = undefined;
          try {
            await prepare();
            if (stopping) return;
            const next = await startRunner();
            if (stopping) return void (await next.stop().catch(() => {}));
            runner = next;
            supervise(runner);
            return;
          } catch (error) {
            if (/unsafe to continue/.test((error as Error).message)) return fatal(error as Error);
            await new Promise((r) => setTimeout(r, delay));
          }
        }
      });
  };
  supervise(runner);
  started = true;

  const stop = () =>
    (stopping ??= (async () => {
      await runner.stop().catch(() => {});
      await registry.remove(workerId).catch(() => {});
    })());

  return {
    workerId,
    beat: () => registry.beat(row()),
    sweep: (staleAfterMs) => registry.sweep(staleAfterMs),
    stop,
  };
}
