import { BatonError, groupByPartition, inputNotStored, renderSql, tableColumns, tableLocation, tableRows, type ColumnSpec, type IOContext, type IOManager, type IOOutputMetadata, type SqlExecutionContext } from '@baton/core';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { duckdbDatabase } from './duckdb-database';
import type { DuckDbStore, StagedRows, StoredPartition } from './duckdb-store';
import { DUCKDB_COLUMN_TYPES, quoteIdent, resultColumnType } from './duckdb-types';
import { parquetStore } from './parquet-store';
import { readRowBlocks } from './read-row-blocks';
import { readRows } from './read-rows';
import { tableStore } from './table-store';
import { appendRows, STAGING_TYPES } from './write-chunks';

/** Options of `duckdbIOManager`. */
export interface DuckDbIOManagerOptions {
  /** The DuckDB database file holding the tables (default ':memory:', gone when the process ends). */
  readonly database?: string;
  /** Store assets as Parquet files instead of tables: one file per partition under this folder. */
  readonly parquetFolder?: string;
  /** The schema (tables) or sub-folder (Parquet) of an asset; default: its group. Asset metadata `schema` / `table` override. */
  readonly schema?: string | ((ctx: Pick<IOContext, 'assetKey' | 'metadata' | 'group'>) => string);
}

/** The DuckDB IO manager, plus SQL access for reports and tests. */
export interface DuckDbIOManager extends IOManager {
  readonly executeSql: (ctx: SqlExecutionContext) => Promise<IOOutputMetadata>;
  readonly loadPartitions: (ctx: IOContext, partitionKeys: readonly string[]) => Promise<ReadonlyMap<string, unknown>>;
  /** Runs a read query (tables: against the database; Parquet: in memory, with `read_parquet`). */
  query(sql: string, params?: readonly DuckDBValue[]): Promise<Record<string, unknown>[]>;
  /** Where an asset's value lives: `{ schema, table }` (tables) or its folder of Parquet files. */
  locate(ctx: Pick<IOContext, 'assetKey' | 'metadata' | 'group'>): { schema: string; table: string };
  close(): void;
}

const metadataOf = (stored: StoredPartition): IOOutputMetadata => ({
  rowCount: stored.rowCount,
  columns: stored.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
  bytes: stored.bytes,
});

let staging = 0;
const stagingName = () => `_baton_stage_${process.pid}_${++staging}`;

/**
 * An IO manager storing each asset as a DuckDB table (`database`) or as Parquet files, one per
 * partition (`parquetFolder`). Columns are typed from the asset's output schema (inferred from the
 * rows without one); partitioned tables carry `_partition` (or `_partition_<dimension>`) columns;
 * writing a partition replaces it atomically, adding new nullable columns and refusing type changes
 * (IO_SCHEMA_INCOMPATIBLE). Loads return typed rows; `load: 'many'` inputs read every partition in
 * one query. SQL assets (`sqlAsset({ engine })`) run inside DuckDB over the upstream tables or files.
 * Each write returns `rowCount`, `columns` and `bytes` as materialization metadata.
 *
 * @example
 * definitions({ assets, ioManagers: { duckdb: duckdbIOManager({ parquetFolder: '.baton/parquet' }) } });
 */
export function duckdbIOManager(options: DuckDbIOManagerOptions = {}): DuckDbIOManager {
  const db = duckdbDatabase(options.parquetFolder ? ':memory:' : (options.database ?? ':memory:'));
  const store: DuckDbStore = options.parquetFolder ? parquetStore(db, options.parquetFolder) : tableStore(db);
  const locate = (ctx: Pick<IOContext, 'assetKey' | 'metadata' | 'group'>) => tableLocation(ctx, options.schema);
  const where = options.parquetFolder ? `the Parquet folder ${options.parquetFolder}` : `DuckDB ${options.database ?? '(in memory)'}`;

  /** Writes staged rows as one partition; `stage` fills a temporary table on the writing connection. */
  const write = (ctx: IOContext, stage: (connection: DuckDBConnection, table: string) => Promise<StagedRows>) =>
    store.write(async (connection) => {
      const table = stagingName();
      try {
        const staged = await stage(connection, table);
        return metadataOf(await store.store(connection, ctx, locate(ctx), staged));
      } finally {
        await connection.run(`drop table if exists ${table}`).catch(() => undefined);
      }
    });

  const stageRows = async (connection: DuckDBConnection, table: string, columns: readonly ColumnSpec[], rows: readonly Readonly<Record<string, unknown>>[]): Promise<StagedRows> => {
    const stagingColumns = columns.map((c) => `${quoteIdent(c.name)} ${STAGING_TYPES[c.type].toString()}`);
    await connection.run(`create temp table ${table} (${stagingColumns.length > 0 ? stagingColumns.join(', ') : '_empty BOOLEAN'})`);
    const appender = await connection.createAppender(table, 'main', 'temp');
    let bytes = 0;
    try {
      bytes = columns.length > 0 ? appendRows(appender, [], columns, rows) : 0;
    } finally {
      appender.closeSync();
    }
    return { table, columns, rowCount: rows.length, bytes, fromNode: true };
  };

  const load = async (ctx: IOContext, keys: readonly (string | null)[], withKey: boolean) =>
    // no partitions asked (a `load: 'many'` input whose mapping selects none): no rows, and no relation over zero files
    keys.length === 0 ? [] : store.read(async (connection) => {
      const stored = await store.stored(connection, ctx, locate(ctx), keys);
      const missing = keys.filter((k) => !stored.has(k));
      if (missing.length > 0) throw inputNotStored(where, { assetKey: ctx.assetKey, partitionKey: missing[0]! });
      const pinned = await store.numbered?.(connection, ctx, locate(ctx), stored, withKey);
      if (pinned) {
        try {
          return await readRowBlocks(connection, pinned.plain, [], pinned.numbered);
        } finally {
          pinned.release();
        }
      }
      const values: DuckDBValue[] = [];
      const relation = store.relation(ctx, locate(ctx), stored, (v) => `$${values.push(v as DuckDBValue)}`, withKey);
      return readRowBlocks(connection, relation, values);
    });

  return {
    async handleOutput(ctx, value) {
      const rows = tableRows(ctx.assetKey, value);
      const columns = tableColumns(ctx.assetKey, ctx.outputSchema, rows);
      return { metadata: await write(ctx, (connection, table) => stageRows(connection, table, columns, rows)) };
    },
    async loadInput(ctx) {
      return load(ctx, [ctx.partitionKey], false);
    },
    async loadPartitions(ctx, partitionKeys) {
      return groupByPartition(await load(ctx, partitionKeys, true), partitionKeys);
    },
    async executeSql(ctx) {
      return write(ctx, async (connection, table) => {
        // each upstream is read where it is stored, limited to the partitions the step maps to (those stored)
        const stored = await Promise.all(ctx.relations.map((r) => store.stored(connection, r.context, locate(r.context), r.partitionKeys)));
        ctx.relations.forEach((r, i) => {
          if (stored[i]!.size === 0) throw inputNotStored(`${where} (read by SQL asset "${ctx.assetKey}")`, { assetKey: r.context.assetKey, partitionKey: r.partitionKeys.length === 1 ? r.partitionKeys[0]! : null });
        });
        const rendered = renderSql(
          ctx.query,
          { placeholder: (n) => `$${n}`, relation: (i, bind) => store.relation(ctx.relations[i]!.context, locate(ctx.relations[i]!.context), stored[i]!, bind) },
          ctx.parameters,
        );
        try {
          await connection.run(`create temp table ${table} as ${rendered.text}`, rendered.values as DuckDBValue[]);
        } catch (error) {
          throw new BatonError('SQL_FAILED', `SQL asset "${ctx.assetKey}"${ctx.partitionKey ? ` [${ctx.partitionKey}]` : ''} failed in DuckDB: ${(error as Error).message}`, {
            hint: 'fix the query; upstream assets are read as subqueries over their stored partitions',
            details: { assetKey: ctx.assetKey, partitionKey: ctx.partitionKey, sql: rendered.text },
            cause: error,
          });
        }
        const described = await connection.runAndReadAll(`describe ${table}`);
        const columns = described.getRows().map(([name, type]) => ({ name: String(name), type: resultColumnType(String(type)), nullable: true }));
        const count = await connection.runAndReadAll(`select count(*) from ${table}`);
        return { table, columns, rowCount: Number(count.getRows()[0]![0]), fromNode: false };
      });
    },
    async query(sql, params = []) {
      return db.connect(async (connection) => readRows(await connection.stream(sql, [...params])));
    },
    locate,
    close: () => db.close(),
  };
}
