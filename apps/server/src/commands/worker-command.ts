import type { GlobalOptions } from '../cli/global-options';
import { UsageError } from '../cli/usage-error';
import { startDaemon } from '../daemon/start-daemon';
import { resolveProject } from '../project/resolve-project';
import { createDefinitionsHolder } from '../server/definitions-holder';

/**
 * `baton worker`: scale-out on PostgreSQL. Claims queued runs from the shared queue (atomically,
 * `FOR UPDATE SKIP LOCKED`) and executes their steps in child processes, alongside `baton dev` and
 * other workers; recovers runs of crashed processes. The dev server keeps driving backfills.
 * Refuses SQLite (one machine: `baton dev` already executes runs).
 *
 * @example
 * // BATON_DATABASE_URL=postgres://… baton worker --max-concurrent 8
 * await workerCommand({}, { maxConcurrent: 8 });
 */
export async function workerCommand(globals: GlobalOptions, options: { maxConcurrent: number; workers?: number }): Promise<number> {
  if (!process.env.BATON_DATABASE_URL?.trim()) {
    throw new UsageError('baton worker needs PostgreSQL storage: BATON_DATABASE_URL is not set', 'set BATON_DATABASE_URL=postgres://… (on SQLite, `baton dev` or `baton materialize` execute runs themselves)');
  }
  const location = resolveProject(globals);
  const { createStorageFromEnv } = await import('@baton/storage');
  const storage = await createStorageFromEnv({ projectDir: location.dir });
  if (storage.dialect !== 'postgres') {
    await storage.close();
    throw new UsageError('baton worker needs PostgreSQL storage', 'set BATON_DATABASE_URL=postgres://…');
  }
  const holder = await createDefinitionsHolder(location);
  if (!holder.current) {
    await storage.close();
    throw Object.assign(new Error(holder.error?.message ?? 'definitions did not load'), { name: 'DefinitionsLoadError', code: holder.error?.code ?? 'INVALID_DEFINITION' });
  }
  const daemon = await startDaemon({
    storage,
    location,
    getDefinitions: () => holder.current,
    maxConcurrentRuns: options.maxConcurrent,
    driveBackfills: false,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
  process.stdout.write(`Baton worker ready (pid ${process.pid}): executing up to ${options.maxConcurrent} run(s) at once from PostgreSQL\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await daemon.stop();
  holder.close();
  await storage.close();
  return 0;
}
