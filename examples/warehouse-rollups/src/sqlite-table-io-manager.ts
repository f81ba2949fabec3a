import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { inputNotStored, type IOContext, type IOManager } from '@baton/core';
import Database from 'better-sqlite3';

/** A row the warehouse can store: a flat object of numbers, strings and nulls. */
export type Row = Readonly<Record<string, number | string | null>>;

/** The SQLite IO manager, plus a way to query the tables it wrote and to close it. */
export interface SqliteTableIOManager extends IOManager {
  /** Runs a read query against the warehouse (reports, tests). */
  query<T = Row>(sql: string, ...params: unknown[]): T[];
  close(): void;
}

/** How long a write waits for another connection's write transaction before failing. */
const BUSY_TIMEOUT_MS = 5_000;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** `raw/events` → `raw_events`, unless the asset's metadata names a `table`. */
export function tableName(ctx: Pick<IOContext, 'assetKey' | 'metadata'>): string {
  return typeof ctx.metadata.table === 'string' ? ctx.metadata.table : ctx.assetKey.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * A custom IO manager implementing core's port: each asset is a real SQLite table (one column per
 * field, plus `_partition`), so the warehouse can be queried with SQL. Writing a partition replaces its
 * rows in one transaction (readers never see half a partition); a bookkeeping table `_partitions`
 * tells "stored, but empty" from "never stored". Columns are added as new fields appear; they have no
 * declared type, so integers and reals come back exactly as stored.
 *
 * @example
 * const warehouse = sqliteTableIOManager({ path: '.baton/warehouse.sqlite' });
 * definitions({ assets, ioManagers: { warehouse } }); // assets opt in with ioManager: 'warehouse'
 * warehouse.query('select region, sum(revenue_cents) from rollups_daily_sales group by region');
 */
export function sqliteTableIOManager(options: { readonly path: string }): SqliteTableIOManager {
  let db: Database.Database | undefined;
  const open = () => {
    if (db) return db;
    mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path, { timeout: BUSY_TIMEOUT_MS });
    // WAL: readers never block the writer; busy_timeout: a writer waits for another (process or step) instead of failing
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.exec('create table if not exists _partitions (asset_key text not null, partition_key text not null, row_count integer not null, stored_at integer not null, primary key (asset_key, partition_key))');
    return db;
  };

  const columnsOf = (table: string) => new Set((open().prepare(`pragma table_info(${quote(table)})`).all() as { name: string }[]).map((c) => c.name));

  const store = (ctx: IOContext, rows: readonly Row[]) => {
    const d = open();
    const table = tableName(ctx);
    const partition = ctx.partitionKey ?? '';
    const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    // BEGIN IMMEDIATE takes the write lock first (waiting up to busy_timeout): a deferred transaction that read
    // first and then writes fails at once with "database is locked" when another connection wrote in between
    d.transaction(() => {
      d.exec(`create table if not exists ${quote(table)} (_partition text not null)`);
      d.exec(`create index if not exists ${quote(`${table}__partition`)} on ${quote(table)} (_partition)`);
      const existing = columnsOf(table);
      for (const f of fields) if (!existing.has(f)) d.exec(`alter table ${quote(table)} add column ${quote(f)}`);
      d.prepare(`delete from ${quote(table)} where _partition = ?`).run(partition);
      if (fields.length > 0) {
        const insert = d.prepare(`insert into ${quote(table)} (_partition, ${fields.map(quote).join(', ')}) values (?${', ?'.repeat(fields.length)})`);
        for (const r of rows) insert.run(partition, ...fields.map((f) => r[f] ?? null));
      }
      d.prepare('insert or replace into _partitions (asset_key, partition_key, row_count, stored_at) values (?, ?, ?, ?)').run(ctx.assetKey, partition, rows.length, Date.now());
    }).immediate();
  };

  return {
    handleOutput(ctx, value) {
      if (!Array.isArray(value)) throw new Error(`Asset "${ctx.assetKey}" returned ${typeof value}; the warehouse IO manager stores arrays of rows`);
      value.forEach((row, i) => {
        for (const [k, v] of Object.entries(row as object)) {
          if (v !== null && typeof v !== 'number' && typeof v !== 'string') {
            throw new Error(`Asset "${ctx.assetKey}" row ${i}: field "${k}" is ${typeof v}; the warehouse stores numbers, strings and nulls`);
          }
        }
      });
      store(ctx, value as Row[]);
    },
    loadInput(ctx) {
      const d = open();
      const partition = ctx.partitionKey ?? '';
      const stored = d.prepare('select row_count from _partitions where asset_key = ? and partition_key = ?').get(ctx.assetKey, partition);
      if (!stored) throw inputNotStored(`the warehouse ${options.path}`, ctx);
      const table = tableName(ctx);
      const rows = d.prepare(`select * from ${quote(table)} where _partition = ? order by rowid`).all(partition) as Record<string, unknown>[];
      return rows.map(({ _partition, ...rest }) => rest);
    },
    query: (sql, ...params) => open().prepare(sql).all(...params) as never,
    close() {
      db?.close();
      db = undefined;
    },
  };
}
