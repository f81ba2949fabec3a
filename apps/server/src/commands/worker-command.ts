import { join } from 'node:path';
import type { GlobalOptions } from '../cli/global-options';
import { UsageError } from '../cli/usage-error';
import { openProjectStorage, RUN_STALE_AFTER_MS } from '../project/open-project';
import { recoveredLine } from '../project/recovered-line';
import { resolveProject } from '../project/resolve-project';
import { createDefinitionsHolder } from '../server/definitions-holder';

const NEEDS_POSTGRES = 'baton worker needs PostgreSQL: set BATON_DATABASE_URL=postgres://…';
const SQLITE_HINT = 'on SQLite, `baton dev` or `baton materialize` execute runs themselves';

/**
 * `baton worker`: scale-out on PostgreSQL. Executes steps of distributed runs taken from the
 * graphile-worker queue (schema `BATON_JOB_SCHEMA`, default `graphile_worker`) in child processes,
 * `--concurrency` at once; a step's success and the steps it unblocks are recorded in one
 * transaction. Also hands queued runs to the queue (at most `--max-concurrent` running), so runs
 * launched by `baton dev` or other processes spread over every worker. Workers heartbeat; the steps
 * of a worker that dies are unlocked and run by another once it has been silent `--dead-after`
 * seconds (default 30).
 *
 * Values move between steps through the IO managers: with workers on several machines, point the
 * project's filesystem IO manager at shared storage (or use a database/object-store IO manager).
 *
 * @example
 * // BATON_DATABASE_URL=postgres://… baton worker --concurrency 8
 * await workerCommand({}, { concurrency: 8, maxConcurrent: 4 });
 */
export async function workerCommand(globals: GlobalOptions, options: { concurrency?: number; maxConcurrent: number; workers?: number; deadAfter?: number }): Promise<number> {
  const url = process.env.BATON_DATABASE_URL?.trim();
  if (!url) throw new UsageError(NEEDS_POSTGRES, SQLITE_HINT);
  // a worker silent for `--dead-after` is dead; it beats five times per period, so a slow beat is not a death
  const staleAfterMs = (options.deadAfter ?? 30) * 1000;
  if (staleAfterMs < 5_000) throw new UsageError(`--dead-after ${options.deadAfter} is too short: a busy worker could be taken for dead and its steps run twice`, 'use 5 seconds or more (default 30)');
  const heartbeatMs = Math.min(5_000, Math.floor(staleAfterMs / 5));
  const location = resolveProject(globals);
  const storage = await openProjectStorage(location.dir, { followsWork: true });
  if (storage.dialect !== 'postgres') {
    await storage.close();
    throw new UsageError(NEEDS_POSTGRES, SQLITE_HINT);
  }
  const holder = await createDefinitionsHolder(location);
  if (!holder.current) {
    await storage.close();
    throw Object.assign(new Error(holder.error?.message ?? 'definitions did not load'), { name: 'DefinitionsLoadError', code: holder.error?.code ?? 'INVALID_DEFINITION' });
  }
  const [{ createProcessPoolExecutor, startRecoveryMonitor }, { runWorker, startDistributedDispatcher }, { graphileJobQueue }] = await Promise.all([
    import('@baton/runner'),
    import('@baton/runner/workers'),
    import('@baton/queue-graphile'),
  ]);
  const concurrency = options.concurrency ?? options.workers ?? 4;
  const jobSchema = process.env.BATON_JOB_SCHEMA?.trim();
  const queue = graphileJobQueue({ connectionString: url, ...(jobSchema ? { schema: jobSchema } : {}) });
  const executor = createProcessPoolExecutor({ definitions: { path: location.defsPath }, projectDir: location.dir, baseDir: join(location.dir, '.baton', 'storage'), size: concurrency });
  const worker = await runWorker({ queue, storage, definitions: holder.current, executor, concurrency, staleAfterMs, heartbeatMs });
  const dispatcher = startDistributedDispatcher({ storage, queue, maxConcurrentRuns: options.maxConcurrent });
  // a worker killed between claiming a run and handing it to the queue leaves it `starting`: after the timeout any worker
  // puts it back in the queue (at most MAX_REQUEUES times, then fails it), and a dispatcher claims it again
  const stopRecovery = startRecoveryMonitor(storage, {
    staleAfterMs: RUN_STALE_AFTER_MS,
    onRecovered: (runs) => process.stderr.write(`${recoveredLine(runs)}\n`),
  });
  process.stdout.write(`Baton worker ${worker.workerId} ready (pid ${process.pid}): ${concurrency} step(s) at once from the ${queue.description} on PostgreSQL\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    void worker.stopped.then(() => resolve());
  });
  stopRecovery();
  await dispatcher.stop();
  await worker.stop();
  await queue.close();
  await executor.close();
  holder.close();
  await storage.close();
  return 0;
}
