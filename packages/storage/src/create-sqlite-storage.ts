import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BatonError } from '@baton/core';
import type { BatonStorage } from '@baton/core';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { createKyselyStorage } from './internal/create-kysely-storage';
import { migrateToLatest } from './internal/migrate-to-latest';
import type { Database as Schema } from './internal/schema';
import { sqliteCapabilities } from './internal/sqlite-capabilities';
import { INLINE_CHECKPOINT_FRAMES, sqliteCheckpointer } from './internal/sqlite-checkpointer';
import { lockableSqliteDialect } from './internal/sqlite-connection-lock';
import { sqliteEventLogWatch } from './internal/sqlite-event-log-watch';
import { withStatementCache } from './internal/statement-cache';
import { mapSqliteError, SQLITE_PATH_SETTING } from './internal/sqlite-errors';

/**
 * The page cache, in KiB (~1,900 pages of 4 KB). Not larger: a commit whose writes split a b-tree page walks
 * the whole cache (SQLite's `balance_nonroot` renumbers pages through the pending-byte page number, so the
 * cache's largest key is past the end of the file and `pager_end_transaction` truncates by scanning every
 * cached page). With 64 MB that walk was ~4 % of `storage.append-events.sqlite` and main-thread CPU per event
 * was ~10 % higher; what a step or a read touches fits in 8 MB (the partition status of 100,000 keys reads ~60
 * pages per query from the OS cache).
 */
const PAGE_CACHE_KIB = 8_000;

/** The storage on SQLite: every role of `BatonStorage` (one machine: no run transitions for scale-out). */
export interface SqliteStorage extends BatonStorage {
  readonly dialect: 'sqlite';
}

export interface SqliteStorageOptions {
  /** Database file, or `':memory:'` (tests). Default: `<projectDir>/.baton/baton.db`. */
  readonly path?: string;
  /** Project directory whose `.baton/` holds the default database. Default: the current directory. */
  readonly projectDir?: string;
  /** How long a writer waits for another process's write lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * Who copies the write-ahead log into the database file: `'background'` (default for a file) a worker
   * thread, every second once this process has appended 32 batches, so no commit waits for it;
   * `'inline'` SQLite itself, inside the commit that crosses 10,000 frames.
   */
  readonly checkpoint?: 'background' | 'inline';
}

/** Where the SQLite database lives for these options. */
export function sqliteDatabasePath(options: SqliteStorageOptions = {}): string {
  if (options.path === ':memory:') return ':memory:';
  if (options.path) return resolve(options.projectDir ?? process.cwd(), options.path);
  return join(resolve(options.projectDir ?? process.cwd()), '.baton', 'baton.db');
}

/**
 * Opens (creating if needed) Baton's embedded SQLite store: WAL mode, `synchronous = NORMAL`,
 * a busy timeout, and every pending migration applied. Zero set-up; one machine.
 *
 * @example
 * const storage = await createSqliteStorage({ projectDir: process.cwd() }); // ./.baton/baton.db
 * await storage.appendEvents([{ type: 'LOG', runId: null, timestamp: Date.now(), level: 'info', message: 'hello' }]);
 * await storage.close();
 */
export async function createSqliteStorage(options: SqliteStorageOptions = {}): Promise<SqliteStorage> {
  const path = sqliteDatabasePath(options);
  if (path !== ':memory:') prepareLocation(path);
  const busyTimeout = options.busyTimeoutMs ?? 5000;
  let database: Database.Database | undefined;
  try {
    database = new Database(path, { timeout: busyTimeout });
    // Reading the header first turns a garbage file into SQLITE_NOTADB before anything writes to it.
    database.prepare('select count(*) from sqlite_master').get();
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${busyTimeout}`);
    // Fewer, larger checkpoints (each one syncs): ~40 MB of WAL between them.
    database.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_FRAMES}`);
    database.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  } catch (error) {
    database?.close();
    throw mapSqliteError(error, path);
  }
  const { dialect, lock } = lockableSqliteDialect(withStatementCache(database));
  const cap = sqliteCapabilities(database, lock);
  const db = new Kysely<Schema>({ dialect });
  try {
    await migrateWithRetry(() => migrateToLatest(db, cap, undefined, path));
  } catch (error) {
    await db.destroy();
    throw mapSqliteError(error, path);
  }
  const storage = createKyselyStorage(db, cap, (error) => mapSqliteError(error, path), sqliteEventLogWatch(database)) as SqliteStorage;
  if (path === ':memory:' || options.checkpoint === 'inline') return storage;
  // checkpoints off the main thread: the commit that crosses the threshold would otherwise copy the log and fsync
  const checkpointer = sqliteCheckpointer(database, path, { intervalMs: 1000, afterWrites: 32 });
  const { appendEvents, close } = storage;
  return Object.assign(storage, {
    appendEvents: (...args: Parameters<typeof appendEvents>) => {
      checkpointer.wrote();
      return appendEvents(...args);
    },
    close: async () => {
      await checkpointer.close();
      await close();
    },
  });
}

/** Creates the directory and checks that file and directory are writable, naming the setting to fix. */
function prepareLocation(path: string): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new BatonError('STORAGE_CONFIG_INVALID', `Cannot create the directory ${dir} for the SQLite database ${path}: ${(error as Error).message}`, {
      hint: `change ${SQLITE_PATH_SETTING} to a location you can write, or set BATON_DATABASE_URL to use PostgreSQL`,
      details: { path, directory: dir },
      cause: error,
    });
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new BatonError('STORAGE_CONFIG_INVALID', `The SQLite database path ${path} is a directory`, { hint: `point ${SQLITE_PATH_SETTING} at a file`, details: { path } });
  }
  for (const target of existsSync(path) ? [path, dir] : [dir]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      throw new BatonError('STORAGE_READ_ONLY', `The SQLite database ${path} cannot be written: ${target} is read-only for this user`, {
        hint: `make ${target} writable (SQLite also writes ${path}-wal and -shm beside it), or change ${SQLITE_PATH_SETTING}`,
        details: { path, readOnly: target },
        cause: error,
      });
    }
  }
}

/** Two processes opening a new file at once: the loser of the write lock retries once it is free. */
async function migrateWithRetry(migrate: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await migrate();
    } catch (error) {
      const code = String((error as { code?: unknown })?.code ?? '');
      if (!code.startsWith('SQLITE_BUSY') || attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }
}
