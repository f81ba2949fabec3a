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
    // key, status, checks, last materialized, freshness, group, owners, kinds
    expect(await cell('raw/returns', 1)).toBe('Missing');
    expect(await cell('raw/orders', 2)).toBe('Failing checks');
    expect(await cell('raw/returns', 3)).toBe('never');
    expect(await cell('marts/summary', 4)).toBe('Fresh');
    expect(await cell('raw/orders', 5)).toBe('shop');
    expect(await cell('raw/orders', 6)).toBe('team:data');
    expect(await cell('raw/orders', 7)).toBe('postgres');
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

  it("plots the asset's numeric metadata, step durations and check results per partition", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/assets/raw/orders`);
    const card = page.getByTestId('plots-card');
    await card.locator('[data-testid=chart]').first().waitFor();
    const chart = (title: string) => card.locator(`[data-testid=chart][data-title="${title}"]`);
    // 6 daily partitions (the end is exclusive); raw/orders records rows = 10 × day and bytes = 120 × rows
    expect(await chart('rows').getAttribute('data-points')).toBe('6');
    expect(await chart('bytes').getAttribute('data-points')).toBe('6');
    expect(await chart('rows').locator('circle title').allTextContents()).toEqual(
      ['2026-01-01: 10', '2026-01-02: 20', '2026-01-03: 30', '2026-01-04: 40', '2026-01-05: 50', '2026-01-06: 60'],
    );
    // the line climbs: each dot sits higher (smaller y) than the one before
    const ys = await chart('rows').locator('circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cy'))));
    expect(ys.every((y, i) => i === 0 || y < ys[i - 1]!)).toBe(true);
    const durations = chart('milliseconds per partition');
    expect(await durations.getAttribute('data-kind')).toBe('bar');
    expect(await durations.locator('rect').count()).toBe(6);
    // one bar per partition, in partition order, each with its duration (timings are too noisy to compare)
    const bars = await durations.locator('rect title').allTextContents();
    expect(bars.map((t) => t.split(':')[0])).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06']);
    for (const t of bars) expect(t).toMatch(/: [1-9][\d,]* ms$/);
    const track = card.locator('[data-testid=check-track][data-check=amounts_positive]');
    expect(await track.getAttribute('data-total')).toBe('6');
    expect(await track.getAttribute('data-failed')).toBe('2');
    expect(await track.locator('.check-cell.failed').evaluateAll((cs) => cs.map((c) => c.getAttribute('title')))).toEqual(['2026-01-03: failed', '2026-01-05: failed']);
    // labels stay legible: the axis text is drawn at its CSS size, not scaled down
    const fontPx = await chart('rows').locator('text').first().evaluate((t) => (t as SVGTextElement).getBoundingClientRect().height);
    expect(fontPx).toBeGreaterThanOrEqual(11);
    await card.scrollIntoViewIfNeeded();
    await session.shot('insight-plots-1440');
    await page.setViewportSize({ width: 1024, height: 768 });
    await card.scrollIntoViewIfNeeded();
    await session.shot('insight-plots-1024');

    // an unpartitioned asset plots over time; an asset never materialized says what would appear
    await page.goto(`${server.url}/assets/raw/returns`);
    await page.getByTestId('plots-empty').waitFor();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
