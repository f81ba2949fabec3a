import { BatonError, groupByPartition, inputNotStored, isRowStream, partitionColumns, renderSql, rowBatches, streamColumns, tableColumns, tableLocation, tableRows, type IOContext, type IOManager, type IOOutputMetadata, type SqlExecutionContext, type TableLocation } from '@baton/core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { COPY_BATCH_ROWS, copyRows } from './copy-rows';
import { BOOKKEEPING, ensureTable, storedColumns, tableName } from './postgres-table';
import { PG_COLUMN_TYPES, quoteIdent, resultColumnType, ROW_TYPES } from './pg-types';

/** Options of `postgresIOManager`. */
export interface PostgresIOManagerOptions {
  /** `postgres://user:password@host:5432/database`; or pass `pool`. */
  readonly connectionString?: string;
  /** A pool of your own (not closed by `close()`). */
  readonly pool?: pg.Pool;
  /** The schema of an asset's table; default: its group. Asset metadata `schema` / `table` override. */
  readonly schema?: string | ((ctx: Pick<IOContext, 'assetKey' | 'metadata' | 'group'>) => string);
}

/** The PostgreSQL IO manager, plus SQL access for reports and tests. */
export interface PostgresIOManager extends IOManager {
  readonly executeSql: (ctx: SqlExecutionContext) => Promise<IOOutputMetadata>;
  readonly loadPartitions: (ctx: IOContext, partitionKeys: readonly string[]) => Promise<ReadonlyMap<string, unknown>>;
  /** Runs a query; bigint and numeric columns come back as numbers. */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Where an asset's table is. */
  locate(ctx: Pick<IOContext, 'assetKey' | 'metadata' | 'group'>): TableLocation;
  close(): Promise<void>;
}

/** Partition key text of each row: the column, or the dimensions joined by '|' (how multi-partition keys are spelled). */
const keyExpression = (names: readonly string[]) => (names.length === 1 ? quoteIdent(names[0]!) : `concat_ws('|', ${names.map(quoteIdent).join(', ')})`);

/**
 * An IO manager storing each asset as a PostgreSQL table `"<group>"."<key with _>"`, typed from the
 * asset's zod output schema (text, numeric, bigint, boolean, timestamptz, jsonb; NOT NULL unless
 * nullable), inferred from the rows without one. Partitioned tables carry `_partition` (or one
 * `_partition_<dimension>` per dimension). Writing a partition deletes and COPYs its rows in one
 * transaction, streamed in batches; new nullable columns are added, other changes refused
 * (IO_SCHEMA_INCOMPATIBLE). A row stream (an `async function*` or a generator returned by an asset
 * with an output schema) is written the same way, one batch of 5,000 rows in memory at a time. Loads read only the requested partitions as typed rows; `load: 'many'`
 * inputs read them all in one query. SQL assets run in PostgreSQL (`insert … select`), rows never
 * pass through Node. Each write returns `rowCount`, `columns` and `bytes` as materialization metadata.
 *
 * @example
 * definitions({ assets, ioManagers: { warehouse: postgresIOManager({ connectionString: process.env.WAREHOUSE_URL }) } });
 */
export function postgresIOManager(options: PostgresIOManagerOptions): PostgresIOManager {
  if (!options.pool && !options.connectionString) {
    throw new BatonError('CONFIG_INVALID', 'postgresIOManager needs a connectionString or a pool', { hint: 'e.g. postgresIOManager({ connectionString: "postgres://user:pass@host:5432/db" })' });
  }
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 4 });
  const locate = (ctx: Pick<IOContext, 'assetKey' | 'metadata' | 'group'>) => tableLocation(ctx, options.schema);

  const transaction = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  /** Deletes the partition's rows and records it as stored, inside the write's transaction. */
  const replacePartition = async (client: pg.ClientBase, ctx: IOContext, l: TableLocation, rowCount: () => number) => {
    const partition = partitionColumns(ctx.partitions);
    const values = partition.values(ctx.partitionKey);
    const where = partition.specs.map((c, i) => `${quoteIdent(c.name)} = $${i + 1}`).join(' and ');
    await client.query(`delete from ${tableName(l)}${where ? ` where ${where}` : ''}`, values);
    return async () => {
      await client.query(
        `insert into ${quoteIdent(l.schema)}.${BOOKKEEPING} (asset_key, partition_key, row_count) values ($1, $2, $3) on conflict (asset_key, partition_key) do update set row_count = excluded.row_count, stored_at = now()`,
        [ctx.assetKey, ctx.partitionKey ?? '', rowCount()],
      );
    };
  };

  /** Which of `keys` are stored (bookkeeping), in one query. */
  const storedKeys = async (client: pg.ClientBase, ctx: IOContext, l: TableLocation, keys: readonly (string | null)[]) => {
    const exists = await client.query('select to_regclass($1) as t', [`${quoteIdent(l.schema)}.${BOOKKEEPING}`]);
    if (!exists.rows[0]?.t) return new Set<string | null>();
    const { rows } = await client.query<{ k: string }>(`select partition_key as k from ${quoteIdent(l.schema)}.${BOOKKEEPING} where asset_key = $1 and partition_key = any($2::text[])`, [ctx.assetKey, keys.map((k) => k ?? '')]);
    return new Set(rows.map((r) => (ctx.partitions ? r.k : null)));
  };

  /** The data columns of a stored table (partition columns left out). */
  const dataColumns = async (client: pg.ClientBase, ctx: IOContext, l: TableLocation) => {
    const partition = new Set(partitionColumns(ctx.partitions).columns.map((c) => c.name));
    return (await storedColumns(client, l)).filter((c) => !partition.has(c.name)).map((c) => c.name);
  };

  /** A subquery over the stored partitions among `keys` (data columns; with `withKey`, `__baton_partition` first). */
  const relation = async (client: pg.ClientBase, ctx: IOContext, keys: readonly (string | null)[], bind: (value: unknown) => string, withKey: boolean) => {
    const l = locate(ctx);
    const stored = await storedKeys(client, ctx, l, keys);
    const missing = keys.filter((k) => !stored.has(k));
    const columns = (await dataColumns(client, ctx, l)).map(quoteIdent);
    const names = partitionColumns(ctx.partitions).columns.map((c) => c.name);
    return {
      missing,
      text: (b: (value: unknown) => string = bind) => {
        const select = [...(withKey ? [`${names.length ? keyExpression(names) : "''"} as __baton_partition`] : []), ...columns].join(', ') || 'null as _empty';
        const where = names.length === 0 ? '' : ` where ${keyExpression(names)} = any(${b([...stored].filter((k): k is string => k !== null))}::text[])`;
        return `(select ${select} from ${tableName(l)}${where})`;
      },
    };
  };

  const notStored = (ctx: IOContext, key: string | null, by?: string) =>
    inputNotStored(`PostgreSQL table ${tableName(locate(ctx))}${by ? ` (read by SQL asset "${by}")` : ''}`, { assetKey: ctx.assetKey, partitionKey: key });

  const load = async (ctx: IOContext, keys: readonly (string | null)[], withKey: boolean) => {
    const client = await pool.connect();
    try {
      const values: unknown[] = [];
      const r = await relation(client, ctx, keys, (v) => `$${values.push(v)}`, withKey);
      if (r.missing.length > 0) throw notStored(ctx, r.missing[0]!);
      const result = await client.query({ text: `select * from ${r.text()} q`, values, types: ROW_TYPES });
      return result.rows as Record<string, unknown>[];
    } finally {
      client.release();
    }
  };

  return {
    acceptsRowStreams: true,
    async handleOutput(ctx, value) {
      const stream = isRowStream(value);
      const rows = stream ? value : tableRows(ctx.assetKey, value);
      const columns = stream ? streamColumns(ctx.assetKey, ctx.outputSchema) : tableColumns(ctx.assetKey, ctx.outputSchema, rows as readonly Readonly<Record<string, unknown>>[]);
      const l = locate(ctx);
      const partition = partitionColumns(ctx.partitions);
      const copied = await transaction(async (client) => {
        await ensureTable(client, l, partition.specs, columns);
        let rowCount = 0;
        const record = await replacePartition(client, ctx, l, () => rowCount);
        const target = [...partition.specs, ...columns].map((c) => quoteIdent(c.name)).join(', ');
        const batches = rowBatches(ctx.assetKey, rows, COPY_BATCH_ROWS);
        const sent = target ? await copyRows(client.query(copyFrom(`copy ${tableName(l)} (${target}) from stdin`)), partition.values(ctx.partitionKey), columns, batches) : undefined;
        rowCount = sent?.rowCount ?? 0;
        await record();
        return sent;
      });
      return {
        ...(copied ? { contentHash: copied.contentHash } : {}),
        metadata: { rowCount: copied?.rowCount ?? (Array.isArray(rows) ? rows.length : 0), columns: columns.map((c) => ({ ...c })), bytes: copied?.bytes ?? 0 },
      };
    },
    async loadInput(ctx) {
      return load(ctx, [ctx.partitionKey], false);
    },
    async loadPartitions(ctx, partitionKeys) {
      return groupByPartition(await load(ctx, partitionKeys, true), partitionKeys);
    },
    async executeSql(ctx) {
      const l = locate(ctx);
      const partition = partitionColumns(ctx.partitions);
      return transaction(async (client) => {
        const relations = await Promise.all(ctx.relations.map((r) => relation(client, r.context, r.partitionKeys, () => '', false)));
        relations.forEach((r, i) => {
          const rel = ctx.relations[i]!;
          if (r.missing.length === rel.partitionKeys.length) throw notStored(rel.context, rel.partitionKeys.length === 1 ? rel.partitionKeys[0]! : null, ctx.assetKey);
        });
        const rendered = renderSql(ctx.query, { placeholder: (n) => `$${n}`, relation: (i, bind) => relations[i]!.text(bind) }, ctx.parameters);
        const failed = (error: unknown) =>
          new BatonError('SQL_FAILED', `SQL asset "${ctx.assetKey}"${ctx.partitionKey ? ` [${ctx.partitionKey}]` : ''} failed in PostgreSQL: ${(error as Error).message}`, {
            hint: 'fix the query; upstream assets are read as subqueries over their stored partitions',
            details: { assetKey: ctx.assetKey, partitionKey: ctx.partitionKey, sql: rendered.text },
            cause: error,
          });
        // the result's columns, from the query itself (no rows)
        const probe = await client.query({ text: `select * from (${rendered.text}) q limit 0`, values: [...rendered.values] }).catch((e: unknown) => {
          throw failed(e);
        });
        const columns = probe.fields.map((f) => ({ name: f.name, type: resultColumnType(f.dataTypeID), nullable: true }));
        await ensureTable(client, l, partition.specs, columns);
        let rowCount = 0;
        const record = await replacePartition(client, ctx, l, () => rowCount);
        const pvalues = partition.values(ctx.partitionKey);
        const target = [...partition.specs, ...columns].map((c) => quoteIdent(c.name)).join(', ');
        const offset = rendered.values.length;
        const select = [...pvalues.map((_, i) => `$${offset + i + 1}::text`), ...columns.map((c) => `q.${quoteIdent(c.name)}::${PG_COLUMN_TYPES[c.type]}`)].join(', ');
        const inserted = await client.query(`insert into ${tableName(l)} (${target}) select ${select} from (${rendered.text}) q`, [...rendered.values, ...pvalues]).catch((e: unknown) => {
          throw failed(e);
        });
        rowCount = inserted.rowCount ?? 0;
        await record();
        const where = partition.specs.map((c, i) => `${quoteIdent(c.name)} = $${i + 1}`).join(' and ');
        const size = await client.query<{ bytes: string }>(`select coalesce(sum(pg_column_size(t.*)), 0) as bytes from ${tableName(l)} t${where ? ` where ${where}` : ''}`, pvalues);
        return { rowCount, columns, bytes: Number(size.rows[0]!.bytes) };
      });
    },
    async query(sql, params = []) {
      return (await pool.query({ text: sql, values: [...params], types: ROW_TYPES })).rows as Record<string, unknown>[];
    },
    locate,
    async close() {
      if (!options.pool) await pool.end();
    },
  };
}
