import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForRunsToEnd } from './support/api';
import type { RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * Asset checks in Chromium against a real `baton dev` on the fixture in fixtures/checks: the asset page's
 * Checks card (fresh but failing a check, a blocking failure, Run checks) and the check badge on lineage
 * nodes. Screenshots go to artifacts/screenshots/checks*.png.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures/checks');
const skip = browserTestSkipReason();

describe.skipIf(skip !== undefined)('asset checks UI in Chromium against baton dev', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openUiSession(FIXTURE, { args: ['--workers', '1'] });
    ({ server, page, pageErrors } = session);
    // materialize everything once; the checks run in the same run
    const launched = await api(server.url, `mutation { materialize(selection: "*") { __typename ... on UserError { message } } }`);
    expect(launched.materialize.__typename, JSON.stringify(launched)).toBe("LaunchSuccess");
    const statuses = await waitForRunsToEnd(server.url, { first: 5 });
    // the blocking check failed: its downstream was skipped and the run failed
    expect(statuses).toEqual(['FAILURE']);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  const shot = (name: string) => session.shot(name, { fullPage: true });
  const row = (name: string) => page.locator(`[data-testid=check-row][data-name=${name}]`);

  it('a fresh asset failing an error check: the Checks card says so, apart from its status', async () => {
    await page.goto(`${server.url}/assets/raw/orders`);
    const card = page.getByTestId('asset-checks');
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('FAILING');
    // fresh, and visibly failing its checks
    expect(await page.locator('.page-header [data-status=FRESH]').count()).toBe(1);
    expect(await page.locator('.page-header [data-testid=check-status]').getAttribute('data-status')).toBe('FAILING');
    expect(await row('not_empty').getAttribute('data-result')).toBe('PASSED');
    expect(await row('amounts_positive').getAttribute('data-result')).toBe('FAILED');
    const text = (await row('amounts_positive').textContent())!;
    expect(text).toContain('error');
    expect(text).toContain('refunds are booked elsewhere');
    expect(await row('amounts_positive').getByTestId('check-metadata').textContent()).toBe('negativeRows=1  ids=[2]');
    expect(await row('amounts_positive').getByText('blocking').count()).toBe(0);
    const runHref = await row('amounts_positive').getByTestId('check-run-link').getAttribute('href');
    expect(runHref).toMatch(/^\/runs\/[\w-]+$/);
    await shot('checks-asset');
  }, 60_000);

  it('a blocking failure on clean/customers; Run checks re-runs it on the stored value', async () => {
    await page.goto(`${server.url}/assets/clean/customers`);
    await page.getByTestId('asset-checks').waitFor();
    expect(await page.locator('.page-header [data-status=FAILED]').count()).toBe(1);
    expect(await row('unique_id').getAttribute('data-result')).toBe('FAILED');
    expect(await row('unique_id').textContent()).toContain('blocking');
    expect(await row('unique_id').getByTestId('check-metadata').textContent()).toContain('duplicateCount=1');
    await page.getByTestId('run-checks').click();
    await expect.poll(async () => page.getByTestId('run-checks-result').textContent(), { timeout: 15_000 }).toBe('0 passed, 1 failed (1 with severity error)');
    // the newest result is the one just run alone (no run)
    await expect.poll(async () => row('unique_id').textContent(), { timeout: 15_000 }).toContain('checked alone');
    await shot('checks-run');
  }, 60_000);

  it('lineage nodes carry a small badge for failing and warning checks only', async () => {
    await page.goto(`${server.url}/`);
    const node = (key: string) => page.locator(`.asset-node[data-key="${key}"]`);
    await node('raw/orders').waitFor();
    expect(await node('raw/orders').getByTestId('node-check-badge').getAttribute('data-status')).toBe('FAILING');
    expect(await node('clean/customers').getByTestId('node-check-badge').getAttribute('data-status')).toBe('FAILING');
    expect(await node('raw/regions').getByTestId('node-check-badge').count()).toBe(0);
    expect(await node('marts/report').getByTestId('node-check-badge').count()).toBe(0);
    await shot('checks-lineage');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('the catalog shows every status and check badge whole, on a wide and a narrow window', async () => {
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${server.url}/catalog`);
      await page.locator('[data-testid=catalog][data-total="4"]').waitFor();
      // a badge cut at its cell's edge hides what it says ("Failing checks" read as "Failing chec…")
      const clipped = await page.locator('[data-testid=catalog-row] td').evaluateAll((cells) => cells
        .filter((td) => td.querySelector('.status') !== null && td.scrollWidth > td.clientWidth)
        .map((td) => `${td.closest('tr')!.getAttribute('data-key')}: "${td.textContent}" needs ${td.scrollWidth} px, has ${td.clientWidth}`));
      expect(clipped, `at ${width} px`).toEqual([]);
      // and the asset keys keep room to be read (the table scrolls sideways before they shrink to a few letters)
      expect(await page.locator('[data-testid=catalog-row] td').first().evaluate((td) => td.clientWidth), `at ${width} px`).toBeGreaterThanOrEqual(200);
      // the statuses the catalog shows here: failing checks, a failed and a missing asset
      const checks = await page.getByTestId('check-status').evaluateAll((badges) => badges.map((b) => b.getAttribute('data-status')));
      expect(checks).toContain('FAILING');
      await shot(`checks-catalog-${width}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 60_000);
});
