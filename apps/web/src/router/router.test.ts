import { describe, expect, it } from 'vitest';
import { assetHref, lineageHref, parseRoute } from './router';

describe('parseRoute', () => {
  it('maps paths to pages; asset keys keep their slashes', () => {
    expect(parseRoute('/')).toEqual({ page: 'lineage' });
    expect(parseRoute('/assets/raw/users')).toEqual({ page: 'asset', key: 'raw/users' });
    expect(parseRoute('/catalog')).toEqual({ page: 'catalog' });
    expect(parseRoute('/assets/')).toEqual({ page: 'catalog' });
    expect(parseRoute('/runs/')).toEqual({ page: 'runs' });
    expect(parseRoute('/runs/r-1')).toEqual({ page: 'run', id: 'r-1' });
    expect(parseRoute('/backfills/new')).toEqual({ page: 'backfill-new' });
    expect(parseRoute('/backfills/b1')).toEqual({ page: 'backfill', id: 'b1' });
    expect(parseRoute('/automation/')).toEqual({ page: 'automation' });
    expect(parseRoute('/automation/hourly_ingest')).toEqual({ page: 'automation-detail', name: 'hourly_ingest' });
    expect(parseRoute('/automation/__conditions')).toEqual({ page: 'automation-detail', name: '__conditions' });
    expect(parseRoute('/nope')).toEqual({ page: 'not-found', path: '/nope' });
  });

  it('round-trips asset keys with odd characters', () => {
    const key = 'raw/événements v2';
    expect(parseRoute(assetHref(key))).toEqual({ page: 'asset', key });
  });
});

describe('lineageHref', () => {
  it('carries the selection and the selected asset through the URL, operators and spaces included', () => {
    const href = lineageHref('1+"raw/my users"+1', 'raw/my users');
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/');
    expect(url.searchParams.get('select')).toBe('1+"raw/my users"+1');
    expect(url.searchParams.get('asset')).toBe('raw/my users');
    expect(lineageHref('')).toBe('/');
    expect(lineageHref('group:rollups')).toBe('/?select=group%3Arollups');
  });
});
