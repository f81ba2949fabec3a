import type { ColumnType } from '@baton/core';
import pg from 'pg';

/** How each column type is stored in PostgreSQL. */
export const PG_COLUMN_TYPES: Readonly<Record<ColumnType, string>> = {
  text: 'text',
  numeric: 'numeric',
  integer: 'bigint',
  boolean: 'boolean',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
};

/** The column type of a stored column (`format_type` spelling), as Baton wrote it; undefined for other types. */
export function storedColumnType(pgType: string): ColumnType | undefined {
  const t = pgType === 'timestamp with time zone' ? 'timestamptz' : pgType;
  return (Object.entries(PG_COLUMN_TYPES) as [ColumnType, string][]).find(([, s]) => s === t)?.[0];
}

const { builtins } = pg.types;

/** The column type a SQL result column (by type OID) is stored as: integers widen to bigint, floats to numeric, dates to timestamptz, json to jsonb, the rest text. */
export function resultColumnType(oid: number): ColumnType {
  switch (oid) {
    case builtins.INT2:
    case builtins.INT4:
    case builtins.INT8:
      return 'integer';
    case builtins.NUMERIC:
    case builtins.FLOAT4:
    case builtins.FLOAT8:
      return 'numeric';
    case builtins.BOOL:
      return 'boolean';
    case builtins.TIMESTAMPTZ:
    case builtins.TIMESTAMP:
    case builtins.DATE:
      return 'timestamptz';
    case builtins.JSON:
    case builtins.JSONB:
      return 'jsonb';
    default:
      return 'text';
  }
}

/** Type parsers for reads: bigint and numeric come back as JS numbers (pg's default is strings); the rest as pg parses them. */
export const ROW_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === builtins.INT8 || oid === builtins.NUMERIC || oid === builtins.INT4 || oid === builtins.INT2) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as const;

/** `"name"` with inner quotes doubled. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
