import type { GlobalOptions } from '../cli/global-options';
import { startAutomation } from '../daemon/start-automation';
import { startDaemon } from '../daemon/start-daemon';
import { openProjectStorage } from '../project/open-project';
import { resolveProject } from '../project/resolve-project';
import { createDefinitionsHolder } from '../server/definitions-holder';

export interface DaemonCommandOptions {
  /** Time between automation ticks (ms). */
  readonly interval?: number;
  readonly workers?: number;
  readonly maxConcurrent?: number;
  readonly watch?: boolean;
}

/**
 * `baton daemon`: everything `baton dev` runs in the background, without the HTTP server — the
 * automation daemon (schedules, sensors, declarative conditions), the backfill driver, the run
 * coordinator executing queued runs in child processes, and crash recovery. Reloads definitions on
 * edit. With PostgreSQL, several may run: one acts on automation at a time (a lease). Runs until
 * SIGINT/SIGTERM.
 *
 * @example
 * await daemonCommand({ projectDir: 'examples/warehouse-rollups' }, { interval: 30_000 });
 */
export async function daemonCommand(globals: GlobalOptions, options: DaemonCommandOptions): Promise<number> {
  const location = resolveProject(globals);
  const [storage, holder] = await Promise.all([openProjectStorage(location.dir, { followsWork: true }), createDefinitionsHolder(location)]);
  if (!holder.current) {
    await storage.close();
    holder.close();
    throw Object.assign(new Error(holder.error?.message ?? 'definitions did not load'), { name: 'DefinitionsLoadError', code: holder.error?.code ?? 'INVALID_DEFINITION' });
  }
  const daemon = await startDaemon({
    storage,
    location,
    getDefinitions: () => holder.current,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.maxConcurrent !== undefined ? { maxConcurrentRuns: options.maxConcurrent } : {}),
  });
  const automation = await startAutomation({ storage, getDefinitions: () => holder.current, ...(options.interval !== undefined ? { intervalMs: options.interval } : {}) });
  holder.onChange((defs) => {
    process.stderr.write(`baton: definitions reloaded (${defs.graph.size} asset(s))\n`);
    daemon.restartExecutors();
  });
  if (options.watch !== false) holder.watch();
  const defs = holder.current;
  process.stdout.write(
    `Baton daemon ready (pid ${process.pid}; storage: ${storage.dialect}; ${defs.graph.size} asset(s), ${defs.schedules.length} schedule(s), ${defs.sensors.length} sensor(s), ${defs.assets.filter((a) => a.automation).length} automated asset(s))\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  process.stderr.write('baton: shutting down\n');
  holder.close();
  await automation.stop();
  await daemon.stop();
  await storage.close();
  return 0;
}
