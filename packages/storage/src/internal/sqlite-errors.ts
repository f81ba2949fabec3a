import { BatonError } from '@baton/core';

const SETTING = 'the storage path (`path` option of createSqliteStorage, or the project directory holding .baton/)';

/** Turns a better-sqlite3 error into the one BatonError that says which setting to fix. */
export function mapSqliteError(error: unknown, path: string): unknown {
  if (BatonError.is(error)) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new BatonError('STORAGE_CORRUPT', `The SQLite database ${path} is not a valid database file (${message})`, {
      hint: `restore it from a backup or move it away so Baton creates a new one, or change ${SETTING}`,
      details: { path, sqliteCode: code },
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new BatonError('STORAGE_READ_ONLY', `The SQLite database ${path} cannot be written (${message})`, {
      hint: `make the file and its directory writable by this user, or change ${SETTING}`,
      details: { path, sqliteCode: code },
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new BatonError('STORAGE_CONFIG_INVALID', `The SQLite database ${path} cannot be opened (${message})`, {
      hint: `check that the directory exists and is writable, or change ${SETTING}`,
      details: { path, sqliteCode: code },
      cause: error,
    });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return new BatonError('STORAGE_UNAVAILABLE', `The SQLite database ${path} is unavailable (${message})`, {
      hint: code === 'SQLITE_BUSY' ? 'another process holds the write lock for too long; retry, or move to PostgreSQL with BATON_DATABASE_URL' : 'check free disk space and the disk holding the database',
      details: { path, sqliteCode: code },
      cause: error,
    });
  }
  return BatonError.from(error);
}

export const SQLITE_PATH_SETTING = SETTING;
