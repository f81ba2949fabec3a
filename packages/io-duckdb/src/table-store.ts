import { planTableChange, type ColumnSpec, type IOContext, type TableLocation } from '@baton/core';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbDatabase } from './duckdb-database';
import type { DuckDbStore, StagedRows, StoredPartition } from './duckdb-store';
import { DUCKDB_COLUMN_TYPES, quoteIdent, storedColumnType } from './duckdb-types';
import { partitionSql } from './partition-filter';
import { stagedValue } from './write-chunks';

const BOOKKEEPING = '_baton_partitions';

const name = (l: TableLocation) => `${quoteIdent(l.schema)}.${quoteIdent(l.table)}`;
const columnSql = (c: ColumnSpec) => `${quoteIdent(c.name)} ${DUCKDB_COLUMN_TYPES[c.type].sql}${c.nullable ? '' : ' NOT NULL'}`;

async function existingColumns(connection: DuckDBConnection, l: TableLocation) {
  const reader = await connection.runAndReadAll(
    'select column_name, data_type, is_nullable from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
    [l.schema, l.table],
  );
  return reader.getRows().map(([column, type, nullable]) => ({ name: String(column), engineType: String(type), type: storedColumnType(String(type)), nullable: nullable === 'YES' }));
}

/**
 * DuckDB tables: one table per asset (`"<group>"."<key>"`), partition columns first. Writing a
 * partition creates or migrates the table, deletes the partition's rows and inserts the new ones in
 * one transaction, and records the partition in `_baton_partitions` (so an empty partition is "stored").
 */
export function tableStore(db: DuckDbDatabase): DuckDbStore {
  return {
    write: (fn) => db.exclusive(fn),
    read: (fn) => db.connect(fn),
    async store(connection, ctx, location, staged): Promise<StoredPartition> {
      const { columns: partition } = partitionSql(ctx);
      const pcols = partition.specs;
      const values = partition.values(ctx.partitionKey);
      const table = name(location);
      await connection.run('begin transaction');
      try {
        await connection.run(`create schema if not exists ${quoteIdent(location.schema)}`);
        const existing = await existingColumns(connection, location);
        if (existing.length === 0) {
          await connection.run(`create table ${table} (${[...pcols, ...staged.columns].map(columnSql).join(', ')})`);
        } else {
          const change = planTableChange(`${location.schema}.${location.table}`, existing, [...pcols, ...staged.columns]);
          for (const c of change.add) await connection.run(`alter table ${table} add column ${columnSql(c)}`);
          for (const c of change.dropNotNull) await connection.run(`alter table ${table} alter column ${quoteIdent(c)} drop not null`);
        }
        const where = pcols.map((c, i) => `${quoteIdent(c.name)} = $${i + 1}`).join(' and ');
        await connection.run(`delete from ${table}${where ? ` where ${where}` : ''}`, values);
        const target = [...pcols, ...staged.columns].map((c) => quoteIdent(c.name)).join(', ');
        const select = [...values.map((_, i) => `$${i + 1}`), ...staged.columns.map((c) => (staged.fromNode ? stagedValue(c) : `cast(${quoteIdent(c.name)} as ${DUCKDB_COLUMN_TYPES[c.type].sql})`))].join(', ');
        await connection.run(`insert into ${table} (${target}) select ${select} from ${staged.table}`, values);
        await connection.run(`create table if not exists ${quoteIdent(location.schema)}.${BOOKKEEPING} (asset_key VARCHAR NOT NULL, partition_key VARCHAR NOT NULL, row_count BIGINT NOT NULL, stored_at TIMESTAMP WITH TIME ZONE NOT NULL, primary key (asset_key, partition_key))`);
        await connection.run(`insert or replace into ${quoteIdent(location.schema)}.${BOOKKEEPING} values ($1, $2, $3, now())`, [ctx.assetKey, ctx.partitionKey ?? '', staged.rowCount]);
        let bytes = staged.bytes;
        if (bytes === undefined) {
          const sizes = staged.columns.map((c) => `coalesce(sum(strlen(cast(${quoteIdent(c.name)} as VARCHAR))), 0)`);
          const r = await connection.runAndReadAll(`select ${sizes.length > 0 ? sizes.join(' + ') : '0'} from ${staged.table}`);
          bytes = Number(r.getRows()[0]![0]) + values.reduce((s, v) => s + v.length, 0) * staged.rowCount;
        }
        await connection.run('commit');
        return { rowCount: staged.rowCount, bytes, columns: staged.columns };
      } catch (error) {
        await connection.run('rollback').catch(() => undefined);
        throw error;
      }
    },
    async stored(connection, ctx, location, partitionKeys) {
      const found = new Set<string | null>();
      const exists = await connection.runAndReadAll('select 1 from information_schema.tables where table_schema = $1 and table_name = $2', [location.schema, BOOKKEEPING]);
      if (exists.getRows().length === 0) return found;
      const keys = partitionKeys.map((k) => k ?? '');
      const r = await connection.runAndReadAll(`select partition_key from ${quoteIdent(location.schema)}.${BOOKKEEPING} where asset_key = $1 and list_contains($2, partition_key)`, [ctx.assetKey, listValue(keys)]);
      for (const [k] of r.getRows()) found.add(ctx.partitions ? String(k) : null);
      return found;
    },
    relation(ctx, location, stored, bind, withKey) {
      const part = partitionSql(ctx);
      return `(select ${part.select(withKey)} from ${name(location)}${part.filter([...stored], bind)})`;
    },
  };
}
