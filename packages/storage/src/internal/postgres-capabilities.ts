import type { Pool } from 'pg';
import { CompiledQuery, sql } from 'kysely';
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
    // The lock is a MATERIALIZED CTE that the join must read before any row (and so any nextval) exists.
    reserveSeqs: async (trx, n) => {
      const { rows } = await trx.executeQuery<{ seq: number }>(
        CompiledQuery.raw(`with l as materialized (select pg_advisory_xact_lock($1)) select nextval('events_seq_seq') as seq from l, generate_series(1, $2::int)`, [lockKey, n]),
      );
      return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
    },
    // One round trip for every table: each set is an `insert … select from unnest(arrays)` CTE, one array
    // parameter per column, so the bind-parameter limit is never near whatever the batch size.
    writeRows: async (trx, sets) => {
      const params: unknown[] = [];
      const inserts = sets.filter((set) => set.rows.length > 0).map((set) => {
        const arrays = set.columns.map(([, type], c) => {
          params.push(set.rows.map((row) => row[c] ?? null));
          return `$${params.length}::${type}[]`;
        });
        const columns = set.columns.map(([name]) => `"${name}"`).join(', ');
        return `insert into "${set.table}" (${columns}) select * from unnest(${arrays.join(', ')})${set.onConflict ? ` ${set.onConflict}` : ''}`;
      });
      if (inserts.length === 0) return;
      const text = inserts.length === 1 ? inserts[0]! : `with ${inserts.map((q, i) => `w${i} as (${q})`).join(', ')} select 1`;
      await trx.executeQuery(CompiledQuery.raw(text, params));
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
