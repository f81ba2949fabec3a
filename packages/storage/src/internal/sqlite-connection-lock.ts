import { Kysely, SqliteDialect, type Driver, type SqliteDatabase } from 'kysely';
import type { Database } from './schema';

/**
 * The only SQLite connection, taken without Kysely's per-call machinery: `acquire` takes the dialect
 * driver's own connection mutex (the one every Kysely query of the storage waits for) and resolves with
 * its release; `held` runs Kysely queries on the same handle while it is held (a second Kysely over the
 * handle, never contended, never destroyed). A write transaction then costs no connection builder,
 * provider or Kysely instance (they were ~5 % of an in-memory chain step).
 */
export interface SqliteConnectionLock {
  acquire(): Promise<() => Promise<void>>;
  readonly held: Kysely<Database>;
  /**
   * True when no Kysely call holds the connection or waits for it (nor an `acquire`): synchronous work on
   * the handle, which nothing can interrupt, then lands inside nobody's transaction.
   */
  idle(): boolean;
}

/**
 * Kysely's SQLite dialect over `handle`, and the lock of its connection.
 *
 * @example
 * const { dialect, lock } = lockableSqliteDialect(withStatementCache(database));
 * const db = new Kysely<Database>({ dialect });
 * const release = await lock.acquire(); try { await lock.held.selectFrom('runs').selectAll().execute(); } finally { await release(); }
 */
export function lockableSqliteDialect(handle: SqliteDatabase): { dialect: SqliteDialect; lock: SqliteConnectionLock } {
  const dialect = new SqliteDialect({ database: handle });
  let driver: Driver | undefined;
  // callers between asking for the connection and giving it back (waiters included)
  let users = 0;
  const createDriver = dialect.createDriver.bind(dialect);
  dialect.createDriver = () => {
    const d = createDriver();
    const acquireConnection = d.acquireConnection.bind(d);
    const releaseConnection = d.releaseConnection.bind(d);
    d.acquireConnection = () => {
      users++;
      return acquireConnection().catch((error: unknown) => {
        users--;
        throw error;
      });
    };
    d.releaseConnection = (connection) => {
      users--;
      return releaseConnection(connection);
    };
    return (driver = d);
  };
  const held = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  return {
    dialect,
    lock: {
      held,
      async acquire() {
        if (!driver) throw new Error('lockableSqliteDialect: the dialect was not given to a Kysely instance');
        const d = driver;
        const connection = await d.acquireConnection();
        return () => d.releaseConnection(connection);
      },
      idle: () => driver !== undefined && users === 0,
    },
  };
}
