import type { Pool } from 'pg';
import { sql } from 'kysely';
import type { DialectCapabilities } from './dialect-capabilities';

/**
 * PostgreSQL: many connections; the run queue uses `FOR UPDATE SKIP LOCKED`, and appends take a
 * transaction-scoped advisory lock (one per schema) so events commit in `seq` order.
 */
export function postgresCapabilities(pool: Pool, schema: string): DialectCapabilities {
  const lockKey = advisoryKey(`baton.events.${schema}`);
  return {
    name: 'postgres',
    autoIdType: 'bigserial',
    bigIdType: 'bigint',
    autoId: (col) => col.primaryKey(),
    compactTable: (builder) => builder,
    maxBindParameters: 65_535,
    skipLocked: true,
    writeTransaction: (db, fn) => db.transaction().execute(fn),
    lockEventLog: async (trx) => {
      await sql`select pg_advisory_xact_lock(${lockKey})`.execute(trx);
    },
    selectArrays: async (_db, query) => {
      const result = await pool.query({ text: query.sql, values: query.parameters as unknown[], rowMode: 'array' });
      return result.rows as unknown[][];
    },
  };
}

/** A stable signed 32-bit key for `pg_advisory_xact_lock` (FNV-1a). */
function advisoryKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
