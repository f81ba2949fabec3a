import { planTableChange, type ColumnSpec, type TableLocation } from '@baton/core';
import type pg from 'pg';
import { PG_COLUMN_TYPES, quoteIdent, storedColumnType } from './pg-types';

/** The bookkeeping table (one per schema): which partitions of which asset are stored, so an empty partition is "stored". */
export const BOOKKEEPING = '_baton_partitions';

export const tableName = (l: TableLocation): string => `${quoteIdent(l.schema)}.${quoteIdent(l.table)}`;
const columnSql = (c: ColumnSpec) => `${quoteIdent(c.name)} ${PG_COLUMN_TYPES[c.type]}${c.nullable ? '' : ' not null'}`;

/** The stored columns of a table, in order (empty when it does not exist). */
export async function storedColumns(client: pg.ClientBase, l: TableLocation) {
  const { rows } = await client.query<{ name: string; type: string; notnull: boolean }>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [l.schema, l.table],
  );
  return rows.map((r) => ({ name: r.name, engineType: r.type, type: storedColumnType(r.type), nullable: !r.notnull }));
}

/**
 * Creates the table (partition columns first, indexed) or migrates it to `columns`: new nullable
 * columns are added, NOT NULL is relaxed where the schema now allows null, and anything else is
 * refused with IO_SCHEMA_INCOMPATIBLE (see core's `planTableChange`). Runs inside the caller's
 * transaction, after an advisory lock on the table, so concurrent writers take turns.
 */
export async function ensureTable(client: pg.ClientBase, l: TableLocation, partition: readonly ColumnSpec[], columns: readonly ColumnSpec[]): Promise<void> {
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`${l.schema}.${l.table}`]);
  await client.query(`create schema if not exists ${quoteIdent(l.schema)}`);
  await client.query(
    `create table if not exists ${quoteIdent(l.schema)}.${BOOKKEEPING} (asset_key text not null, partition_key text not null, row_count bigint not null, stored_at timestamptz not null default now(), primary key (asset_key, partition_key))`,
  );
  const existing = await storedColumns(client, l);
  const table = tableName(l);
  if (existing.length === 0) {
    await client.query(`create table ${table} (${[...partition, ...columns].map(columnSql).join(', ') || '_empty boolean'})`);
    if (partition.length > 0) await client.query(`create index on ${table} (${partition.map((c) => quoteIdent(c.name)).join(', ')})`);
    return;
  }
  const change = planTableChange(`${l.schema}.${l.table}`, existing, [...partition, ...columns]);
  for (const c of change.add) await client.query(`alter table ${table} add column ${columnSql(c)}`);
  for (const c of change.dropNotNull) await client.query(`alter table ${table} alter column ${quoteIdent(c)} drop not null`);
}
