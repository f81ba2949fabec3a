import { BatonError } from '@baton/core';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** How long an operation waits for another process that holds the database file. */
const LOCK_WAIT_MS = 30_000;

const isLockError = (error: unknown) => error instanceof Error && /Could not set lock on file|Conflicting lock/i.test(error.message);

/** A DuckDB database shared by one IO manager's operations. */
export interface DuckDbDatabase {
  /** Runs `fn` with a connection of its own (closed afterwards). */
  connect<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Like `connect`, one at a time: writes of one IO manager never race each other. */
  exclusive<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  close(): void;
}

/**
 * Opens `path` (':memory:' for an in-process database) lazily. A database file is kept open only
 * while operations run, so several processes (`baton dev`'s step workers) take turns: an operation
 * that finds the file locked by another process retries for up to 30 s.
 *
 * @example
 * const db = duckdbDatabase('.baton/warehouse.duckdb');
 * await db.connect((c) => c.run('select 1'));
 */
export function duckdbDatabase(path: string): DuckDbDatabase {
  const inMemory = path === ':memory:';
  let instance: Promise<DuckDBInstance> | undefined;
  let users = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const open = async (): Promise<DuckDBInstance> => {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      try {
        return await DuckDBInstance.create(path);
      } catch (error) {
        if (!isLockError(error) || Date.now() > deadline) {
          throw new BatonError('STORAGE_UNAVAILABLE', `DuckDB could not open ${path}: ${(error as Error).message}`, {
            hint: isLockError(error) ? 'another process keeps the file open (a DuckDB file has one writer process at a time); close it, or store assets as Parquet files (parquetFolder)' : 'check the path and its permissions',
            details: { path },
            cause: error,
          });
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  };

  const connect = async <T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> => {
    users++;
    try {
      instance ??= open();
      const pending = instance;
      const connection = await pending.catch((error: unknown) => {
        if (instance === pending) instance = undefined;
        throw error;
      });
      const c = await connection.connect();
      try {
        return await fn(c);
      } finally {
        c.closeSync();
      }
    } finally {
      users--;
      if (users === 0 && !inMemory && instance) {
        const closing = instance;
        instance = undefined;
        void closing.then((i) => i.closeSync(), () => undefined);
      }
    }
  };

  return {
    connect,
    exclusive<T>(fn: (connection: DuckDBConnection) => Promise<T>) {
      const run = queue.then(() => connect(fn));
      queue = run.catch(() => undefined);
      return run;
    },
    close() {
      const i = instance;
      instance = undefined;
      void i?.then((x) => x.closeSync(), () => undefined);
    },
  };
}
