import { join, resolve } from 'node:path';
import type { BatonStorage, Definitions, IOManager } from '@baton/core';
import type { GlobalOptions } from '../cli/global-options';
import { loadDefinitions } from './load-definitions';
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
export async function openStorage(globals: GlobalOptions, options: { needDefs?: boolean } = {}): Promise<OpenProject> {
  const location = options.needDefs === false ? resolveProjectDirOnly(globals) : resolveProject(globals);
  const { createStorageFromEnv } = await import('@baton/storage');
  const storage = await createStorageFromEnv({ projectDir: location.dir });
  return { location, storage, close: () => storage.close() };
}

/**
 * Loads the project's definitions (tsx) and opens its storage, in parallel.
 *
 * @example
 * const project = await openProject({});
 * project.definitions.graph.keys;
 */
export async function openProject(globals: GlobalOptions): Promise<ProjectWithDefinitions> {
  const location = resolveProject(globals);
  const [{ definitions }, opened] = await Promise.all([loadDefinitions(location), openStorage(globals)]);
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
