import type { GlobalOptions } from '../cli/global-options';
import { print, printJson } from '../format/print';
import { openStorage } from '../project/open-project';

/**
 * `baton migrate`: opens the storage, which applies every pending migration (SQLite or PostgreSQL).
 *
 * @example
 * await migrateCommand({});
 */
export async function migrateCommand(globals: GlobalOptions): Promise<number> {
  const started = Date.now();
  const project = await openStorage(globals, { needDefs: false });
  try {
    const where = project.storage.dialect === 'sqlite' ? `${project.location.dir}/.baton/baton.db` : 'PostgreSQL (BATON_DATABASE_URL)';
    if (globals.json) printJson({ dialect: project.storage.dialect, status: 'up-to-date', durationMs: Date.now() - started });
    else print(`Storage is up to date: ${project.storage.dialect} at ${where}`);
    return 0;
  } finally {
    await project.close();
  }
}
