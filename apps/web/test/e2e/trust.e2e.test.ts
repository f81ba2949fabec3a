import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForRunsToEnd } from './support/api';
import type { RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * The four jobs' trust defects in Chromium against a real `baton dev` (fixtures/trust): the backfill form
 * targets what the user asked for (one range, explicit "All"), previews show the whole plan (per asset, every
 * run, warnings), "Materialize stale" on an asset page leaves nothing stale, and large plans are batched.
 * Screenshots: artifacts/screenshots/trust-*.png.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures/trust');
const skip = browserTestSkipReason();

const status = async (url: string, key: string): Promise<string> => (await api(url, `{ asset(key: "${key}") { status } }`)).asset.status;

describe.skipIf(skip !== undefined)('trustworthy previews and launches in Chromium against baton dev', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openUiSession(FIXTURE, { args: ['--workers', '1'], watch: true });
    ({ server, page, pageErrors } = session);
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  it('backfills one range across hourly, daily, day × region and monthly assets, never "everything" by default', async () => {
    await page.goto(`${server.url}/backfills/new?select=${encodeURIComponent('raw/events+')}`);
    await page.getByTestId('backfill-apply-selection').click();
    await page.getByTestId('time-partitions').waitFor();
    const titles = await page.getByTestId('time-partitions').textContent();
    expect(titles).toContain('Hourly (UTC)');
    expect(titles).toContain('Daily (UTC)');
    expect(titles).toContain('Monthly (UTC)');
    expect(titles).not.toContain('cron');
    // no range yet: nothing to preview, and "All partitions" says how many it would be
    expect(await page.getByTestId('backfill-preview').isDisabled()).toBe(true);
    expect(await page.getByTestId('backfill-missing').textContent()).toBe('Choose a date range, or "All partitions".');
    expect(await page.getByTestId('time-partitions').textContent()).toMatch(/All partitions \([\d,]{5,}\)/);
    // the static dimension lists its real keys
    const regions = page.getByTestId('static-keys-region');
    expect(await regions.locator('input[type=checkbox]').count()).toBe(3);
    expect(await regions.getByTestId('static-keys-count').textContent()).toContain('3 of 3 keys');

    await page.getByTestId('date-range-from').fill('2026-01-02');
    await page.getByTestId('date-range-to').fill('2026-01-04');
    await page.getByRole('group', { name: 'Reprocess' }).locator('[data-value=ALL]').click();
    await page.getByTestId('backfill-preview').click();
    await page.getByTestId('plan-preview').waitFor();
    // 3 days: 72 hours + 3 days × 3 regions + 3 days + the month they fall in = 85, not thousands
    await expect.poll(() => page.getByTestId('preview-partition-count').textContent()).toBe('85');
    const rows = page.getByTestId('plan-asset-row');
    expect(await rows.count()).toBe(4);
    expect(await page.locator('[data-testid=plan-asset-row][data-asset="raw/events"] td.num').first().textContent()).toBe('72');
    // the month reads days of January outside the range that were never materialized: its step will fail
    const missing = page.locator('[data-testid=plan-warning][data-code=MISSING_INPUTS]');
    await missing.first().waitFor();
    expect(await missing.first().textContent()).toContain('"rollups/monthly"');
    await session.shot('trust-backfill-preview');

    // narrowing a static dimension narrows the plan
    await regions.locator('input[data-key=apac]').uncheck();
    expect(await regions.getByTestId('static-keys-count').textContent()).toContain('2 of 3 keys');
    await page.getByTestId('backfill-preview').click();
    await expect.poll(() => page.getByTestId('preview-partition-count').textContent()).toBe('82');

    // a range past the last partition is called out, with the partitions there are
    await page.getByTestId('date-range-from').fill('2026-01-02');
    await page.getByTestId('date-range-to').fill('2027-03-01');
    await page.getByTestId('backfill-preview').click();
    const clamped = page.locator('[data-testid=plan-warning][data-code=RANGE_CLAMPED]');
    await clamped.first().waitFor();
    expect(await clamped.first().textContent()).toContain('ends after the last existing partition');
    await session.shot('trust-backfill-clamped');
  }, 120_000);

  it('previews "Materialize stale" over the whole plan: every asset, every run, batched by default', async () => {
    await page.goto(server.url);
    await page.locator('[data-testid=lineage-canvas][data-ready=true]').waitFor();
    await page.getByTestId('materialize-stale').first().click();
    await page.getByTestId('plan-preview').waitFor({ timeout: 60_000 });
    // thousands of hourly partitions: the dialog switches to the suggested batches
    await expect.poll(async () => page.getByRole('group', { name: 'Run policy' }).locator('button.on').getAttribute('data-value'), { timeout: 30_000 }).toBe('BATCH');
    await expect.poll(async () => Number((await page.getByTestId('preview-run-count').textContent())!.replace(/,/g, '')), { timeout: 30_000 }).toBeLessThan(120);
    // every asset appears in the per-asset summary, not only raw/events
    const assets = await page.getByTestId('plan-asset-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-asset')));
    expect(assets.sort()).toEqual(['raw/events', 'rollups/by_region', 'rollups/daily', 'rollups/monthly', 'shop/clean_orders', 'shop/orders', 'shop/report']);
    expect(await page.getByTestId('confirm-materialize').textContent()).toMatch(/^Launch \d+ runs$/);
    // back to one run per partition: thousands of runs, every one reachable by paging
    await page.getByRole('group', { name: 'Run policy' }).locator('[data-value=PER_PARTITION]').click();
    await expect.poll(async () => Number((await page.getByTestId('preview-run-count').textContent())!.replace(/,/g, '')), { timeout: 30_000 }).toBeGreaterThan(5000);
    const total = (await page.getByTestId('preview-run-count').textContent())!;
    await page.getByTestId('plan-runs-last').click();
    await expect.poll(() => page.getByTestId('plan-runs-range').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`of ${total}$`));
    await expect.poll(async () => (await page.getByTestId('plan-run-row').allTextContents()).join(' '), { timeout: 30_000 }).toMatch(/shop\/report|rollups\/monthly/);
    expect(await page.locator('[data-testid=plan-warning][data-code=LARGE_PLAN]').count()).toBe(1);
    await session.shot('trust-stale-preview');
    await page.getByRole('button', { name: 'Cancel' }).click();
  }, 150_000);

  it('"Materialize stale" on an asset page includes the stale upstream, and the asset is fresh afterwards', async () => {
    const first = await api(server.url, `mutation { materialize(selection: "group:shop") { __typename ... on UserError { message } } }`);
    expect(first.materialize.__typename, JSON.stringify(first)).toBe('LaunchSuccess');
    await waitForRunsToEnd(server.url);
    expect(await status(server.url, 'shop/report')).toBe('FRESH');
    // a code change upstream (the repro): the clean orders are stale, and the report reads them
    const config = join(server.projectDir, 'baton.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace('clean: true', "clean: 'yes'"));
    await expect.poll(() => status(server.url, 'shop/clean_orders'), { timeout: 30_000 }).toBe('STALE');

    await page.goto(`${server.url}/assets/shop/report`);
    await page.getByTestId('asset-page').waitFor();
    await page.getByTestId('materialize-stale').click();
    await page.getByTestId('plan-preview').waitFor();
    expect(await page.getByTestId('include-upstream').isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('upstream-count').textContent()).toContain('1 partition of 1 upstream asset');
    const planned = await page.getByTestId('plan-asset-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-asset')));
    expect(planned).toEqual(['shop/clean_orders', 'shop/report']);
    await session.shot('trust-asset-stale-preview');
    await page.getByTestId('confirm-materialize').click();
    // the launch is announced with a link to what it launched
    await page.getByTestId('toast').waitFor();
    expect(await page.getByTestId('toast').textContent()).toMatch(/Launched \d+ runs?/);
    expect(await page.getByTestId('toast-link').getAttribute('href')).toMatch(/^\/(runs|backfills)/);
    await waitForRunsToEnd(server.url);
    await expect.poll(() => status(server.url, 'shop/report'), { timeout: 30_000 }).toBe('FRESH');
    expect(await status(server.url, 'shop/clean_orders')).toBe('FRESH');
  }, 150_000);

  it('offers the asset it probably meant on an unknown asset page, with the hint once and no raw code', async () => {
    await page.goto(`${server.url}/assets/shop/reprot`);
    await page.getByTestId('did-you-mean').waitFor();
    expect(await page.getByTestId('did-you-mean').textContent()).toBe('Open shop/report');
    const box = (await page.getByTestId('error-message').textContent())!;
    expect(box.match(/did you mean/g)).toHaveLength(1);
    expect(await page.locator('.state.error').textContent()).not.toContain('ASSET_NOT_FOUND');
    await page.getByTestId('did-you-mean').click();
    await page.getByTestId('asset-page').waitFor();
    expect(await page.getByTestId('asset-title').textContent()).toBe('shop/report');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
