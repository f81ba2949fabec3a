import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { DialectCapabilities } from './dialect-capabilities';

/**
 * SQLite: one connection per process; writers across processes are serialised by `BEGIN IMMEDIATE`
 * (the write lock is taken up front, so `busy_timeout` applies instead of a mid-transaction SQLITE_BUSY).
 */
export function sqliteCapabilities(database: BetterSqlite3.Database): DialectCapabilities {
  return {
    name: 'sqlite',
    autoIdType: 'integer',
    bigIdType: 'integer',
    autoId: (col) => col.primaryKey().autoIncrement(),
    compactTable: (builder) => builder.modifyEnd(sql`without rowid`),
    maxBindParameters: 32_766,
    skipLocked: false,
    writeTransaction: (db, fn) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          if (database.inTransaction) await sql`rollback`.execute(conn);
          throw error;
        }
      }),
    lockEventLog: async () => {},
    // Holds Kysely's connection mutex so the read never lands inside another caller's open transaction.
    selectArrays: (db, query) =>
      db.connection().execute(async () => database.prepare(query.sql).raw(true).all(...(query.parameters as unknown[])) as unknown[][]),
  };
}
