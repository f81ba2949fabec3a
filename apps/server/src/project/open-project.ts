import { join, resolve } from 'node:path';
import type { BatonStorage, Definitions, IOManager } from '@baton/core';
import type { PostgresStorage, SqliteStorage } from '@baton/storage';
import type { GlobalOptions } from '../cli/global-options';
import { announceStorageHealth } from '../daemon/announce-storage-health';
import { loadDefinitions } from './load-definitions';
import { recoveredLine } from './recovered-line';
import { resolveProject, type ProjectLocation } from './resolve-project';

/** A project opened for one command: where it is, its storage and (when asked) its definitions. */
export interface OpenProject {
  readonly location: ProjectLocation;
  readonly storage: BatonStorage;
  close(): Promise<void>;
}

export interface ProjectWithDefinitions extends OpenProject {
  readonly definitions: Definitions;
  /** The definitions' IO managers with the filesystem default under `.baton/storage`. */
  readonly ioManagers: Readonly<Record<string, IOManager>>;
}

/**
 * Opens the project's storage (`BATON_DATABASE_URL` → PostgreSQL, else `.baton/baton.db`),
 * applying pending migrations.
 *
 * @example
 * const project = await openStorage({ projectDir: '.' });
 * await project.storage.listRuns();
 * await project.close();
 */
export async function openStorage(globals: GlobalOptions, options: { needDefs?: boolean; followsWork?: boolean } = {}): Promise<OpenProject> {
  const location = options.needDefs === false ? resolveProjectDirOnly(globals) : resolveProject(globals);
  const storage = await openProjectStorage(location.dir, { followsWork: options.followsWork ?? false });
  return { location, storage, close: () => storage.close() };
}

/** How long a process that executes or follows work waits for PostgreSQL through an outage. */
export const OUTAGE_RETRY_MS = 15 * 60_000;

/**
 * Opens the project's storage for a process: `followsWork` (dev, daemon, worker, materialize,
 * backfill) rides out database outages (calls wait for the database, `OUTAGE_RETRY_MS` at most) and
 * announces each outage once on stderr; other commands fail at once with a clear error. Then runs
 * whose executing process stopped heartbeating are recovered (failed, so they can be re-executed; a
 * run claimed and never started goes back to the queue instead):
 * any Baton process opening the storage does it, so a killed `baton materialize` is never `running` forever.
 *
 * @example
 * const storage = await openProjectStorage(process.cwd(), { followsWork: true });
 */
export async function openProjectStorage(dir: string, options: { followsWork: boolean }): Promise<SqliteStorage | PostgresStorage> {
  const { createStorageFromEnv } = await import('@baton/storage');
  const storage = await createStorageFromEnv({ projectDir: dir, ...(options.followsWork ? { outageRetryMs: OUTAGE_RETRY_MS } : {}) });
  if (options.followsWork) announceStorageHealth(storage, (line) => process.stderr.write(`${line}\n`));
  try {
    const { recoverStaleRuns } = await import('@baton/runner');
    const recovered = await recoverStaleRuns(storage, { staleAfterMs: RUN_STALE_AFTER_MS });
    if (recovered.length > 0) {
      process.stderr.write(`${recoveredLine(recovered)}\n`);
    }
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}

/** A run whose process has not heartbeated for this long is dead (README: crash recovery). */
export const RUN_STALE_AFTER_MS = 30_000;

/**
 * Loads the project's definitions (tsx) and opens its storage, in parallel.
 *
 * @example
 * const project = await openProject({});
 * project.definitions.graph.keys;
 */
export async function openProject(globals: GlobalOptions, options: { followsWork?: boolean } = {}): Promise<ProjectWithDefinitions> {
  const location = resolveProject(globals);
  const [{ definitions }, opened] = await Promise.all([loadDefinitions(location), openStorage(globals, { followsWork: options.followsWork ?? false })]);
  return { ...opened, location, definitions, ioManagers: await projectIOManagers(location.dir, definitions) };
}

/**
 * The IO managers runs of this project use: the definitions' own, plus `default` (JSON files under
 * `<project>/.baton/storage`) unless the definitions provide one.
 *
 * @example
 * const io = await projectIOManagers('/path/to/project', defs);
 */
export async function projectIOManagers(dir: string, definitions: Pick<Definitions, 'ioManagers'>): Promise<Readonly<Record<string, IOManager>>> {
  const { filesystemIOManager } = await import('@baton/runner');
  return { default: filesystemIOManager({ baseDir: join(dir, '.baton', 'storage') }), ...definitions.ioManagers };
}

function resolveProjectDirOnly(globals: GlobalOptions): ProjectLocation {
  try {
    return resolveProject(globals);
  } catch {
    // commands that only read storage (runs, run, cancel, migrate, prune) work without a definitions file
    return { dir: resolve(process.cwd(), globals.projectDir ?? '.'), defsPath: '', defsLabel: '' };
  }
}
