import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssetDefinition, IOContext, TableLocation } from '@baton/core';
import { afterEach, describe } from 'vitest';
import { duckdbIOManager, type DuckDbIOManager } from './duckdb-io-manager';
import { quoteLiteral } from './duckdb-types';

/** The glob of an asset's Parquet files, as a SQL string literal (tests and ad-hoc queries). */
export const partitionSqlName = (folder: string, location: TableLocation): string => quoteLiteral(join(folder, location.schema, location.table, '*.parquet'));

/**
 * Runs `body` once per store of the DuckDB IO manager (Parquet files, tables in a database file);
 * `open()` opens one in a fresh folder, closed and removed after the test.
 */
export function describeEachStore(title: string, body: (open: () => DuckDbIOManager) => void): void {
  describe.each([
    ['Parquet files', (dir: string) => duckdbIOManager({ parquetFolder: dir })],
    ['DuckDB tables', (dir: string) => duckdbIOManager({ database: join(dir, 'w.duckdb') })],
  ])(`%s: ${title}`, (_name, make) => {
    let dir: string | undefined;
    let io: DuckDbIOManager | undefined;
    afterEach(() => {
      io?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      io = dir = undefined;
    });
    body(() => {
      dir = mkdtempSync(join(tmpdir(), 'baton-duckdb-store-'));
      io = make(dir);
      return io;
    });
  });
}

/** The IO context of partition `partitionKey` of `def`. */
export const partitionContext = (def: Pick<AssetDefinition, 'key' | 'group' | 'partitions' | 'outputSchema'>, partitionKey: string): IOContext => ({
  assetKey: def.key,
  partitionKey,
  runId: 'r',
  stepKey: 's',
  metadata: {},
  group: def.group,
  partitions: def.partitions,
  outputSchema: def.outputSchema,
});
