import { existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { planTableChange, type IOContext, type TableLocation } from '@baton/core';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbDatabase } from './duckdb-database';
import type { DuckDbStore, NumberedRelation, StoredPartition } from './duckdb-store';
import { DUCKDB_COLUMN_TYPES, quoteIdent, quoteLiteral, storedColumnType } from './duckdb-types';
import { partitionSql } from './partition-filter';
import { stagedValue } from './write-chunks';

const UNPARTITIONED_FILE = 'data.parquet';

/** Names of read_parquet's virtual columns: a file with a column of one of these names shadows it, so its rows are not numbered by them. */
const VIRTUAL_COLUMNS = ['file_index', 'file_row_number'];

let pins = 0;

/** A read's pin (`<file>.<pid>.<n>.reading`) or a write's temporary file (`<file>.<pid>.<ms>.tmp`), by the process that made it. */
const LEFTOVER = /\.(\d+)\.\d+\.(reading|tmp)$/;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
};

/** Asset folders this process has swept (see `removeLeftovers`). */
const swept = new Set<string>();

/**
 * Removes the pins and temporary files a process that no longer runs left in an asset's folder (a crash or a
 * kill mid-read or mid-write leaves them); those of running processes stay. Once per folder and process: the
 * folder of an hourly asset holds thousands of files, and only a process that ended can leave any.
 */
function removeLeftovers(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  for (const name of readdirSync(dir)) {
    const pid = Number(LEFTOVER.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !isAlive(pid)) rmSync(join(dir, name), { force: true });
  }
}

/**
 * Parquet files: one folder per asset (`<folder>/<group>/<key>/`) and one file per partition
 * (`<url-encoded key>.parquet`, or `data.parquet`), holding the partition columns too so that a
 * relation over many files can tell them apart. A write goes to a temporary file renamed over the
 * old one: readers see the old file or the new one, never half of one. DuckDB runs in memory, so
 * any number of processes may write different partitions at once.
 */
export function parquetStore(db: DuckDbDatabase, folder: string): DuckDbStore {
  const dirOf = (l: TableLocation) => join(folder, l.schema, l.table);
  const fileOf = (l: TableLocation, key: string | null) => join(dirOf(l), key === null ? UNPARTITIONED_FILE : `${encodeURIComponent(key)}.parquet`);

  async function existingColumns(connection: DuckDBConnection, l: TableLocation, except: string) {
    const dir = dirOf(l);
    if (!existsSync(dir)) return [];
    // the partition's own file when it exists, else any other partition's: all files of an asset share one schema
    const other = readdirSync(dir).find((f) => f.endsWith('.parquet'));
    const file = existsSync(except) ? except : other ? join(dir, other) : undefined;
    if (!file) return [];
    const reader = await connection.runAndReadAll(`describe select * from read_parquet(${quoteLiteral(file)})`);
    return reader.getRows().map(([column, type]) => ({ name: String(column), engineType: String(type), type: storedColumnType(String(type)), nullable: true }));
  }

  return {
    write: (fn) => db.connect(fn),
    read: (fn) => db.connect(fn),
    async store(connection, ctx, location, staged): Promise<StoredPartition> {
      const { columns: partition } = partitionSql(ctx);
      const pcols = partition.specs;
      const values = partition.values(ctx.partitionKey);
      const file = fileOf(location, ctx.partitionKey);
      const existing = await existingColumns(connection, location, file);
      if (existing.length > 0) planTableChange(`${location.schema}.${location.table} (Parquet files in ${dirOf(location)})`, existing, [...pcols.map((c) => ({ ...c, nullable: true })), ...staged.columns]);
      mkdirSync(dirOf(location), { recursive: true });
      removeLeftovers(dirOf(location));
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
      const select = [
        ...values.map((_, i) => `cast($${i + 1} as VARCHAR) as ${quoteIdent(pcols[i]!.name)}`),
        ...staged.columns.map((c) => `${staged.fromNode ? stagedValue(c) : `cast(${quoteIdent(c.name)} as ${DUCKDB_COLUMN_TYPES[c.type].sql})`} as ${quoteIdent(c.name)}`),
      ];
      try {
        // straight from the staged rows to the file: no intermediate table holding a second copy of them
        await connection.run(`copy (select ${select.length > 0 ? select.join(', ') : '1 as _empty'} from ${staged.table}) to ${quoteLiteral(temp)} (format parquet)`, values);
        renameSync(temp, file);
      } finally {
        rmSync(temp, { force: true });
      }
      return { rowCount: staged.rowCount, bytes: statSync(file).size, columns: staged.columns };
    },
    // Each file is pinned by a hard link beside it (a name not ending in .parquet, so no reader takes it
    // for a partition): a write renaming a new file over a partition's name leaves the link on the old
    // one, so every scan of the read sees the same rows. Rows are numbered by file (in the list's order)
    // and row within the file (read_parquet's virtual columns), which needs each file's row count.
    async numbered(connection, ctx, location, stored, withKey): Promise<NumberedRelation | undefined> {
      if (stored.size > 0) removeLeftovers(dirOf(location));
      const links: string[] = [];
      const release = () => {
        for (const link of links) rmSync(link, { force: true });
      };
      try {
        for (const key of stored) {
          const file = fileOf(location, key);
          const link = `${file}.${process.pid}.${++pins}.reading`;
          linkSync(file, link);
          links.push(link);
        }
      } catch {
        release(); // a file gone, or a filesystem without hard links: read it the other way
        return undefined;
      }
      try {
        const list = `[${links.map(quoteLiteral).join(', ')}]`;
        const columns = await connection.runAndReadAll(`describe select * from read_parquet(${list}, union_by_name = true)`);
        if (columns.getRows().some(([name]) => VIRTUAL_COLUMNS.includes(String(name)))) {
          release();
          return undefined;
        }
        let offset = '0';
        if (links.length > 1) {
          const counts = await connection.runAndReadAll(`select file_name, num_rows from parquet_file_metadata(${list})`);
          const rowsOf = new Map(counts.getRows().map(([name, rows]) => [String(name), Number(rows)]));
          if (links.some((link) => !rowsOf.has(link))) {
            release(); // a count not found by its name: numbers could collide, so read it the other way
            return undefined;
          }
          const starts: number[] = [];
          let total = 0;
          for (const link of links) {
            starts.push(total);
            total += rowsOf.get(link) ?? 0;
          }
          offset = `[${starts.join(', ')}][cast(file_index as BIGINT) + 1]`;
        }
        const from = `from read_parquet(${list}, union_by_name = true)`;
        const select = partitionSql(ctx).select(withKey);
        return {
          plain: `(select ${select} ${from})`,
          numbered: (rowNumber) => `(select ${select}, ${offset} + file_row_number + 1 as ${quoteIdent(rowNumber)} ${from})`,
          release,
        };
      } catch (error) {
        release();
        throw error;
      }
    },
    async stored(_connection, _ctx: IOContext, location, partitionKeys) {
      return new Set(partitionKeys.filter((k) => existsSync(fileOf(location, k))));
    },
    relation(ctx, location, stored, _bind, withKey) {
      const files = [...stored].map((k) => quoteLiteral(fileOf(location, k)));
      return `(select ${partitionSql(ctx).select(withKey)} from read_parquet([${files.join(', ')}], union_by_name = true))`;
    },
  };
}
