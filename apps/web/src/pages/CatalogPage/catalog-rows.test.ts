import { describe, expect, it } from 'vitest';
import { catalogRows, type CatalogRow } from './catalog-rows';

const row = (key: string, over: Partial<CatalogRow> = {}): CatalogRow => ({
  key, group: 'default', owners: [], kinds: [], status: 'FRESH', checkStatus: 'NONE', freshness: { status: 'UNKNOWN', lastMaterializedAt: null }, ...over,
});

const rows = [
  row('raw/orders', { group: 'raw', owners: ['team:data'], kinds: ['postgres'], status: 'STALE', freshness: { status: 'OVERDUE', lastMaterializedAt: 100 }, checkStatus: 'FAILING' }),
  row('marts/revenue', { group: 'marts', owners: ['ana@x.io'], kinds: ['duckdb'], status: 'FAILED', freshness: { status: 'FRESH', lastMaterializedAt: 300 }, checkStatus: 'HEALTHY' }),
  row('raw/users', { group: 'raw', description: 'Customer accounts', status: 'MISSING' }),
  row('staging/orders', { group: 'staging', kinds: ['python'], status: 'FRESH', freshness: { status: 'WARN', lastMaterializedAt: 200 }, checkStatus: 'WARN' }),
];
const keys = (rs: readonly CatalogRow[]) => rs.map((r) => r.key);

describe('catalogRows', () => {
  it('sorts by key, both ways', () => {
    expect(keys(catalogRows(rows, '', 'key', 'asc'))).toEqual(['marts/revenue', 'raw/orders', 'raw/users', 'staging/orders']);
    expect(keys(catalogRows(rows, '', 'key', 'desc'))).toEqual(['staging/orders', 'raw/users', 'raw/orders', 'marts/revenue']);
  });

  it('sorts status, freshness and checks worst first, ties by key', () => {
    expect(keys(catalogRows(rows, '', 'status', 'asc'))).toEqual(['marts/revenue', 'raw/users', 'raw/orders', 'staging/orders']);
    expect(keys(catalogRows(rows, '', 'freshness', 'asc'))).toEqual(['raw/orders', 'staging/orders', 'marts/revenue', 'raw/users']);
    expect(keys(catalogRows(rows, '', 'checks', 'asc'))).toEqual(['raw/orders', 'staging/orders', 'marts/revenue', 'raw/users']);
  });

  it('puts never-materialized assets and assets without owners last in both directions', () => {
    expect(keys(catalogRows(rows, '', 'lastMaterialized', 'desc'))).toEqual(['marts/revenue', 'staging/orders', 'raw/orders', 'raw/users']);
    expect(keys(catalogRows(rows, '', 'lastMaterialized', 'asc'))).toEqual(['raw/orders', 'staging/orders', 'marts/revenue', 'raw/users']);
    expect(keys(catalogRows(rows, '', 'owner', 'desc')).slice(2)).toEqual(['raw/users', 'staging/orders']);
  });

  it('searches every word in key, group, owners, kinds and description', () => {
    expect(keys(catalogRows(rows, 'orders', 'key', 'asc'))).toEqual(['raw/orders', 'staging/orders']);
    expect(keys(catalogRows(rows, 'RAW postgres', 'key', 'asc'))).toEqual(['raw/orders']);
    expect(keys(catalogRows(rows, 'customer', 'key', 'asc'))).toEqual(['raw/users']);
    expect(keys(catalogRows(rows, 'ana@', 'key', 'asc'))).toEqual(['marts/revenue']);
    expect(catalogRows(rows, 'nothing-like-this', 'key', 'asc')).toEqual([]);
  });
});
