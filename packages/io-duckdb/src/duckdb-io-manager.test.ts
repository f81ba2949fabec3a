import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { informationSchemaColumns, ioManagerConformance } from '../../../test/io-conformance/io-manager-conformance';
import { duckdbIOManager } from './duckdb-io-manager';
import { partitionSqlName } from './test-support';

ioManagerConformance({
  name: 'DuckDB tables',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'baton-duckdb-'));
    const io = duckdbIOManager({ database: join(dir, 'warehouse.duckdb') });
    return {
      io,
      columnNames: (ctx) => informationSchemaColumns((q, p) => io.query(q, p), io.locate(ctx)),
      async close() {
        io.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

ioManagerConformance({
  name: 'DuckDB Parquet files',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'baton-parquet-'));
    const io = duckdbIOManager({ parquetFolder: dir });
    return {
      io,
      async columnNames(ctx) {
        const rows = await io.query(`describe select * from read_parquet(${partitionSqlName(dir, io.locate(ctx))}, union_by_name = true)`);
        return rows.map((r) => String(r.column_name));
      },
      async close() {
        io.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
