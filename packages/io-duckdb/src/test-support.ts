import { join } from 'node:path';
import type { TableLocation } from '@baton/core';
import { quoteLiteral } from './duckdb-types';

/** The glob of an asset's Parquet files, as a SQL string literal (tests and ad-hoc queries). */
export const partitionSqlName = (folder: string, location: TableLocation): string => quoteLiteral(join(folder, location.schema, location.table, '*.parquet'));
