import type { GlobalOptions } from '../cli/global-options';
import { UsageError } from '../cli/usage-error';
import { writeDevServerMarker } from '../daemon/dev-server-marker';
import { startAutomation } from '../daemon/start-automation';
import { startDaemon } from '../daemon/start-daemon';
import { openProjectStorage } from '../project/open-project';
import { resolveProject } from '../project/resolve-project';
import { createDefinitionsHolder } from '../server/definitions-holder';
import { startDevServer } from '../server/start-dev-server';

export interface DevOptions {
  readonly port: number;
  readonly workers?: number;
  readonly maxConcurrent?: number;
  readonly watch?: boolean;
  /** Type-check the project in the background (default true). */
  readonly typecheck?: boolean;
}

/**
 * `baton dev`: the API at /graphql, the web UI, and the daemon (run queue executed in child
 * processes, backfills, crash recovery, automation: schedules, sensors, conditions) in one process on 127.0.0.1; reloads definitions on edit
 * and keeps serving the last good ones when an edit breaks them; type-checks the project in the background
 * (errors in the terminal and the API, runs not blocked). Runs until SIGINT/SIGTERM.
 *
 * @example
 * await devCommand({ projectDir: 'examples/warehouse-rollups' }, { port: 3000 });
 */
export async function devCommand(globals: GlobalOptions, options: DevOptions): Promise<number> {
  const location = resolveProject(globals);
  const [storage, holder] = await Promise.all([openProjectStorage(location.dir, { followsWork: true }), createDefinitionsHolder(location)]);
  const daemon = await startDaemon({
    storage,
    location,
    getDefinitions: () => holder.current,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.maxConcurrent !== undefined ? { maxConcurrentRuns: options.maxConcurrent } : {}),
  });
  const automation = await startAutomation({ storage, getDefinitions: () => holder.current });
  holder.onChange((defs) => {
    process.stderr.write(`baton: definitions reloaded (${defs.graph.size} asset(s))\n`);
    daemon.restartExecutors();
  });
  if (options.watch !== false) holder.watch();
  const types = options.typecheck === false ? undefined : (await import('../typecheck/report-type-errors')).reportTypeErrors(location);
  let started;
  try {
    started = await startDevServer({ storage, holder, ...(types ? { types } : {}), projectDir: location.dir, port: options.port, token: process.env.BATON_API_TOKEN?.trim() || undefined });
  } catch (error) {
    types?.close();
    await automation.stop();
    await daemon.stop();
    await storage.close();
    holder.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new UsageError(`Port ${options.port} on 127.0.0.1 is already in use`, 'pass another with --port <n> (or BATON_PORT), or stop the other server');
    throw error;
  }
  const { url, server } = started;
  const removeMarker = writeDevServerMarker(location.dir, { pid: process.pid, url, startedAt: Date.now() });
  const assets = holder.current ? `${holder.current.graph.size} asset(s) from ${location.defsLabel}` : `no definitions yet (${holder.error?.message ?? 'unknown error'})`;
  process.stdout.write(`Baton dev server ready at ${url} (API: ${url}/graphql; storage: ${storage.dialect}; ${assets})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('baton: shutting down\n');
  removeMarker();
  holder.close();
  types?.close();
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await automation.stop();
  await daemon.stop();
  await storage.close();
  return 0;
}
