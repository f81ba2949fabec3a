import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForRunsToEnd } from './support/api';
import type { RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * Finding and understanding assets, in Chromium against a real `baton dev` (fixtures/insight): the asset
 * catalog (search, sortable columns, linked from the nav) and the asset page's plots.
 * Screenshots: artifacts/screenshots/insight-*.png, at 1440×900 and 1024×768.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures/insight');
const skip = browserTestSkipReason();

describe.skipIf(skip !== undefined)('asset catalog and plots in Chromium against baton dev', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openUiSession(FIXTURE, { args: ['--workers', '1'] });
    ({ server, page, pageErrors } = session);
    const backfill = await api(server.url, `mutation { launchBackfill(input: { selection: "raw/orders", partitions: { all: true } }) { __typename } }`);
    expect(backfill.launchBackfill.__typename, JSON.stringify(backfill)).toBe('BackfillSuccess');
    await waitForRunsToEnd(server.url, { timeoutMs: 90_000 });
    await api(server.url, `mutation { materialize(selection: "marts/summary") { __typename } }`);
    await waitForRunsToEnd(server.url, { timeoutMs: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  const rowKeys = () => page.getByTestId('catalog-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
  const cell = (key: string, n: number) => page.locator(`[data-testid=catalog-row][data-key="${key}"] td`).nth(n).innerText();

  it('lists every asset in a table reached from the nav, sortable by each column and searchable', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Assets' }).click();
    await page.locator('[data-testid=catalog][data-total="3"]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/catalog');
    expect(await rowKeys()).toEqual(['marts/summary', 'raw/orders', 'raw/returns']);
    expect(await cell('raw/orders', 1)).toBe('shop');
    expect(await cell('raw/orders', 2)).toBe('team:data');
    expect(await cell('raw/orders', 3)).toBe('postgres');
    expect(await cell('raw/returns', 4)).toBe('Missing');
    expect(await cell('raw/returns', 5)).toBe('never');
    expect(await cell('marts/summary', 6)).toBe('Fresh');
    expect(await cell('raw/orders', 7)).toBe('Failing checks');
    await session.shot('insight-catalog-1440');

    await page.getByTestId('sort-key').click();
    expect(await rowKeys()).toEqual(['raw/returns', 'raw/orders', 'marts/summary']);
    expect(await page.locator('th[aria-sort=descending]').innerText()).toContain('Asset');
    // worst first, then newest first; never-materialized last either way
    await page.getByTestId('sort-status').click();
    expect((await rowKeys())[0]).toBe('raw/returns');
    await page.getByTestId('sort-lastMaterialized').click();
    expect(await rowKeys()).toEqual(['raw/orders', 'marts/summary', 'raw/returns']);
    await page.getByTestId('sort-lastMaterialized').click();
    expect(await rowKeys()).toEqual(['marts/summary', 'raw/orders', 'raw/returns']);
    await page.getByTestId('sort-checks').click();
    expect((await rowKeys())[0]).toBe('raw/orders');
    await page.getByTestId('sort-owner').click();
    expect(await rowKeys()).toEqual(['marts/summary', 'raw/orders', 'raw/returns']);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('owner');

    await page.getByTestId('catalog-search').fill('team postgres');
    await expect.poll(rowKeys).toEqual(['raw/orders']);
    expect(await page.getByTestId('catalog-count').innerText()).toBe('1 of 3 assets');
    await page.getByTestId('catalog-search').fill('zzz');
    await page.getByText('No assets match').waitFor();
    await page.getByTestId('catalog-search').fill('ana@');
    await expect.poll(rowKeys).toEqual(['marts/summary']);

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByTestId('catalog-search').fill('');
    await expect.poll(rowKeys).toEqual(['marts/summary', 'raw/orders', 'raw/returns']);
    await session.shot('insight-catalog-1024');
    await page.locator('[data-testid=catalog-row][data-key="raw/orders"] a').first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/assets/raw/orders');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
