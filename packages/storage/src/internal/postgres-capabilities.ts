import type { Pool } from 'pg';
import type { AutoPreparePool } from './auto-prepare-pool';
import { CompiledQuery, sql } from 'kysely';
import type { DialectCapabilities } from './dialect-capabilities';
import { nextReceipt, RECEIPT_RETENTION_MS } from './write-receipt';
import { binaryArray } from './pg-binary-array';
import { RUN_UPDATE_COLUMNS } from './row-set';
import type { ColumnType, EventRows } from './row-set';

/**
 * PostgreSQL: many connections; the run queue uses `FOR UPDATE SKIP LOCKED`, and appends take a
 * transaction-scoped advisory lock (one per schema) so events commit in `seq` order.
 */
export function postgresCapabilities(pool: Pool, prepared: AutoPreparePool, schema: string): DialectCapabilities {
  const lockKey = eventLogLockKey(schema);
  let receipts = 0;
  return {
    name: 'postgres',
    autoIdType: 'bigserial',
    bigIdType: 'bigint',
    autoId: (col) => col.primaryKey(),
    compactTable: (builder) => builder,
    maxBindParameters: 65_535,
    skipLocked: true,
    writeTransaction: (db, fn) => {
      const receipt = nextReceipt();
      if (!receipt) return db.transaction().execute(fn);
      return db.transaction().execute(async (trx) => {
        if (receipt.retry) {
          // the attempt before lost its connection: if its COMMIT went through, answer what it returned
          const prior = await trx.selectFrom('write_receipts').select('result').where('id', '=', receipt.id).executeTakeFirst();
          if (prior) return (JSON.parse(prior.result) as { value: Awaited<ReturnType<typeof fn>> }).value;
        }
        const value = await fn(trx);
        const now = Date.now();
        await trx.insertInto('write_receipts').values({ id: receipt.id, result: JSON.stringify({ value }), created_at: now }).execute();
        if (++receipts % 1_000 === 0) await trx.deleteFrom('write_receipts').where('created_at', '<', now - RECEIPT_RETENTION_MS).execute();
        return value;
      });
    },
    lockEventLog: async (trx) => {
      await sql`select pg_advisory_xact_lock(${lockKey})`.execute(trx);
    },
    writeEventRows: async (db, rows, options) => {
      const { text, params } = eventRowsStatement(rows, lockKey);
      if (options.inTransaction) {
        const result = await db.executeQuery<{ first: number }>(CompiledQuery.raw(text, params));
        return seqsFrom(result.rows[0]!.first, rows.count);
      }
      // on its own: one statement (prepared once its shape recurs) in its own implicit transaction (the lock is held until it commits)
      const name = prepared.nameFor(text);
      const result = await pool.query({ ...(name ? { name } : {}), text, values: params, rowMode: 'array' });
      return seqsFrom((result.rows as unknown[][])[0]![0], rows.count);
    },
    selectInTransaction: async <R>(trx: Parameters<DialectCapabilities['selectInTransaction']>[0], query: CompiledQuery) => (await trx.executeQuery<R>(query)).rows as R[],
    executeInTransaction: async (trx, query) => {
      await trx.executeQuery(query);
    },
    selectRows: async <R>(db: Parameters<DialectCapabilities['selectRows']>[0], query: CompiledQuery) => (await db.executeQuery<R>(query)).rows as R[],
    selectArrays: async (_db, query) => {
      const values = query.parameters as unknown[];
      const name = values.length > 0 ? prepared.nameFor(query.sql) : undefined;
      const result = await pool.query({ ...(name ? { name } : {}), text: query.sql, values, rowMode: 'array' });
      return result.rows as unknown[][];
    },
  };
}

/** The key of the schema's event-log advisory lock (see `lockEventLog`). */
export function eventLogLockKey(schema: string): number {
  return advisoryKey(`baton.events.${schema}`);
}

/**
 * One statement for a whole batch. The event-log lock is a MATERIALIZED CTE that the seqs are drawn
 * after (commit order is seq order). The batch takes `rows.count` consecutive seqs at once: `nextval`
 * then `setval` past them, safe because every writer of events takes the lock first, so nobody draws
 * from the sequence in between. `s.first` is the first; a `seq` cell (an event's position) becomes
 * `s.first + position`. Every row set is an `insert … select from unnest(arrays)` CTE. Run updates write
 * the state core's fold computed (a null heartbeat keeps the stored one). With `receipt`, the write
 * receipt of the transaction (see `write-receipt.ts`) is inserted too, its result the batch's seqs
 * (`{"value":[seq, …]}`, as `writeTransaction` records them). The statement answers one row: `first`
 * (see `seqsFrom`).
 */
export function eventRowsStatement(
  rows: EventRows,
  lockKey: number,
  receipt?: { readonly id: string; readonly createdAt: number },
  check?: { readonly text: string; readonly values: readonly unknown[] },
): { text: string; params: unknown[] } {
  const params: unknown[] = [lockKey, rows.count];
  if (check) params.push(...check.values);
  for (const set of rows.sets) set.columns.forEach(([, type], c) => params.push(columnParam(type, set.rows, c)));
  if (rows.runUpdates.length > 0) RUN_UPDATE_COLUMNS.forEach(([, type], c) => params.push(columnParam(type, rows.runUpdates, c)));
  if (receipt) params.push(receipt.id, receipt.createdAt);
  const shape = `${check?.text ?? ''}|${rows.sets.map((set) => `${set.table}(${set.columns.length}) ${set.onConflict ?? ''}`).join('|')}|${rows.runUpdates.length > 0}|${receipt !== undefined}`;
  let text = statementTexts.get(shape);
  if (text === undefined) {
    text = eventRowsText(rows, check, receipt !== undefined);
    if (statementTexts.size < 256) statementTexts.set(shape, text);
  }
  return { text, params };
}

/** The text of `eventRowsStatement` by shape (the check, the tables written and how, updates, receipt). */
const statementTexts = new Map<string, string>();

/** Column `c` of `rows` as an array parameter (binary; a `seq` cell is an int4 position). */
function columnParam(type: ColumnType, rows: readonly (readonly unknown[])[], c: number): unknown {
  const arrayType = type === 'seq' ? 'int4' : type;
  return binaryArray(arrayType, rows.length, (i) => rows[i]![c]) ?? rows.map((row) => row[c] ?? null);
}

function eventRowsText(rows: EventRows, check: { readonly text: string; readonly values: readonly unknown[] } | undefined, receipt: boolean): string {
  let n = 2;
  const ctes = ['l as materialized (select pg_advisory_xact_lock($1::int8))'];
  if (check) {
    // a select that fails unless what the batch was folded from is stored (see postgres-append-events.ts); the seqs are drawn after it
    const offset = n;
    n += check.values.length;
    ctes.push(`ck as materialized (${check.text.replace(/\$(\d+)/g, (_, k: string) => `$${Number(k) + offset}`)})`);
  }
  ctes.push(`s as materialized (select setval('events_seq_seq', nextval('events_seq_seq') + $2::int8 - 1) - $2::int8 + 1 as first from l${check ? ', ck' : ''})`);
  const unnest = (columns: readonly (readonly [string, ColumnType])[]) =>
    `unnest(${columns.map(([, type]) => `$${++n}::${type === 'seq' ? 'int4' : type}[]`).join(', ')}) as u(${columns.map((_, c) => `c${c}`).join(', ')})`;
  rows.sets.forEach((set, k) => {
    const values = set.columns.map(([, type], c) => (type === 'seq' ? `s.first + u.c${c}` : `u.c${c}`));
    const columns = set.columns.map(([name]) => `"${name}"`).join(', ');
    const withSeqs = set.columns.some(([, type]) => type === 'seq') ? ' cross join s' : '';
    ctes.push(`w${k} as (insert into "${set.table}" (${columns}) select ${values.join(', ')} from ${unnest(set.columns)}${withSeqs}${set.onConflict ? ` ${set.onConflict}` : ''})`);
  });
  if (rows.runUpdates.length > 0) {
    const assignments = RUN_UPDATE_COLUMNS.slice(1).map(([name], i) => (name === 'heartbeat_at' ? `"${name}" = coalesce(u.c${i + 1}, r."${name}")` : `"${name}" = u.c${i + 1}`)).join(', ');
    ctes.push(`wr as (update "runs" as r set ${assignments} from ${unnest(RUN_UPDATE_COLUMNS)} where r."id" = u.c0)`);
  }
  if (receipt) {
    ctes.push(`wk as (insert into "write_receipts" ("id", "result", "created_at") select $${n + 1}::text, `
      + `'{"value":[' || (select string_agg((s.first + g)::text, ',' order by g) from generate_series(0, $2::int4 - 1) as g) || ']}', $${n + 2}::int8 from s)`);
  }
  return `with ${ctes.join(', ')} select first from s`;
}

/** The seqs of a batch of `count` events whose rows statement answered `first` (see `eventRowsStatement`). */
export function seqsFrom(first: unknown, count: number): number[] {
  const start = Number(first);
  return Array.from({ length: count }, (_, i) => start + i);
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
