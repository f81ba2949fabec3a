import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, type RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * The Automation page and the asset page's Automation card in Chromium against a real `baton dev` (whose
 * daemon ticks at start) on a fresh copy of warehouse-rollups: an `hourly_ingest` schedule (cron `5 * * * *`
 * UTC), an eager `reports/region_leaderboard` with a maxAge freshness policy. Screenshots go to
 * artifacts/screenshots/automation*.png.
 */
const EXAMPLE = join(REPO, 'examples/warehouse-rollups');
const EMPTY_EXAMPLE = join(REPO, 'examples/weather-dashboard');
const skip = browserTestSkipReason(EXAMPLE);

describe.skipIf(skip !== undefined)('automation UI in Chromium against baton dev (warehouse-rollups)', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openUiSession(EXAMPLE, { args: ['--workers', '1'] });
    ({ server, page, pageErrors } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  const shot = (name: string) => session.shot(name, { fullPage: true });
  const row = () => page.locator('[data-testid=automation-row][data-name=hourly_ingest]');
  const toggle = () => page.getByTestId('automation-toggle-hourly_ingest');

  it('lists the schedule with cron, zone, target, RUNNING and its next tick (the next :05 in UTC)', async () => {
    await page.goto(`${server.url}/automation`);
    await row().waitFor();
    const text = (await row().textContent())!;
    expect(text).toContain('schedule');
    expect(text).toContain('5 * * * *');
    expect(text).toContain('UTC');
    expect(text).toContain('raw/events');
    expect(await toggle().getAttribute('data-status')).toBe('RUNNING');
    expect(await toggle().getAttribute('aria-checked')).toBe('true');
    const at = Number(await row().getByTestId('next-tick').getAttribute('data-at'));
    const next = new Date(at);
    expect(next.getUTCMinutes()).toBe(5);
    expect(next.getUTCSeconds()).toBe(0);
    expect(at).toBeGreaterThan(Date.now() - 60_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(await row().getByTestId('next-tick').textContent()).toMatch(/^in \d+ (second|minute)s?/);
    // the daemon ticked at start: the schedule's first tick started its clock, the conditions were evaluated
    await expect.poll(async () => row().textContent(), { timeout: 45_000 }).toContain('started; next ticks after');
    await expect.poll(async () => page.getByTestId('conditions-card').textContent(), { timeout: 45_000 }).toMatch(/evaluated 1 asset\(s\)/);
    await shot('automation');
  }, 90_000);

  it('stops the schedule; STOPPED (and no next tick) persists after a reload; starts it again', async () => {
    await toggle().click();
    await expect.poll(async () => toggle().getAttribute('data-status')).toBe('STOPPED');
    await page.reload();
    await row().waitFor();
    expect(await toggle().getAttribute('data-status')).toBe('STOPPED');
    expect(await toggle().getAttribute('aria-checked')).toBe('false');
    expect(await row().getByTestId('next-tick').count()).toBe(0);
    expect(await row().textContent()).toContain('stopped');
    await shot('automation-stopped');

    // the stored status is what the API reports, not UI state
    const api = await page.evaluate(async () => {
      const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ schedule(name: "hourly_ingest") { status nextTickAt } }' }) });
      return (await r.json()) as { data: { schedule: { status: string; nextTickAt: number | null } } };
    });
    expect(api.data.schedule).toEqual({ status: 'STOPPED', nextTickAt: null });

    await toggle().click();
    await expect.poll(async () => toggle().getAttribute('data-status')).toBe('RUNNING');
    await row().getByTestId('next-tick').waitFor();
  }, 60_000);

  it('opens the schedule: definition, next tick and tick history', async () => {
    await row().getByRole('link', { name: 'hourly_ingest' }).click();
    await page.getByTestId('automation-detail').waitFor();
    expect(new URL(page.url()).pathname).toBe('/automation/hourly_ingest');
    expect(await page.getByTestId('automation-title').textContent()).toBe('hourly_ingest');
    const detail = (await page.getByTestId('automation-detail').textContent())!;
    expect(detail).toContain('last: after downtime, only the latest missed tick runs');
    await page.getByTestId('tick-row').first().waitFor();
    expect(await page.getByTestId('tick-row').first().textContent()).toContain('started; next ticks after');
    await shot('automation-detail');
  }, 60_000);

  it('shows the conditions tick history with why each asset was or was not requested', async () => {
    await page.goto(`${server.url}/automation/__conditions`);
    await page.getByTestId('conditions-evaluation').first().waitFor();
    const why = (await page.getByTestId('conditions-evaluation').first().textContent())!;
    expect(why).toContain('reports/region_leaderboard');
    expect(why).toMatch(/not requested: upstream rollups\/[a-z_]+ partition \S+ is missing/);
    await shot('automation-conditions');
  }, 60_000);

  it('asset page: condition, freshness against the policy and the latest evaluation in plain words', async () => {
    await page.goto(`${server.url}/assets/reports/region_leaderboard`);
    await page.getByTestId('asset-automation').waitFor();
    expect(await page.getByTestId('automation-condition').textContent()).toBe('eager');
    const freshness = page.getByTestId('asset-freshness');
    expect(await freshness.getAttribute('data-status')).toBe('UNKNOWN');
    const text = (await freshness.textContent())!;
    expect(text).toContain('Unknown');
    expect(text).toContain('at most 24 h old (warn after 12 h)');
    expect(text).toContain('never materialized');
    await expect.poll(async () => page.getByTestId('automation-evaluation').textContent(), { timeout: 30_000 }).toMatch(/not requested: upstream rollups\/[a-z_]+ partition \S+ is missing/);
    await page.getByTestId('asset-automation').scrollIntoViewIfNeeded();
    await shot('automation-asset');

    // an asset with a deadline policy and no condition: freshness only
    await page.goto(`${server.url}/assets/rollups/daily_revenue`);
    await page.getByTestId('asset-freshness').waitFor();
    expect(await page.getByTestId('asset-freshness').textContent()).toContain('updated by each tick of 0 9 * * * Europe/Berlin');
    expect(await page.getByTestId('automation-evaluation').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

describe.skipIf(browserTestSkipReason(EMPTY_EXAMPLE) !== undefined)('automation UI without any automation (weather-dashboard)', () => {
  let session: UiSession;
  let server: RunningServer;

  beforeAll(async () => {
    session = await openUiSession(EMPTY_EXAMPLE, { args: ['--workers', '1'] });
    ({ server } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  it('shows the designed empty state with a schedule() snippet, and the daemon stored no conditions ticks', async () => {
    const page = session.page;
    await page.goto(`${server.url}/automation`);
    await page.getByTestId('schedule-snippet').waitFor();
    expect(await page.getByTestId('automation-page').textContent()).toContain('No schedules or sensors yet');
    const snippet = (await page.getByTestId('schedule-snippet').textContent())!;
    expect(snippet).toContain('schedule({');
    expect(snippet).toContain("cron: '5 * * * *'");
    expect(snippet).toContain('automation: eager()');
    // the snippet fits its box (no horizontal scrolling)
    expect(await page.getByTestId('schedule-snippet').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.getByTestId('automation-table').count()).toBe(0);
    // the daemon ticked at start, but no asset has a condition: no conditions tick row was stored
    const ticks = await page.evaluate(async () => {
      const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ automationTicks(name: "__conditions") { nodes { id } } }' }) });
      return ((await r.json()) as { data: { automationTicks: { nodes: unknown[] } } }).data.automationTicks.nodes.length;
    });
    expect(ticks).toBe(0);
    await session.shot('automation-empty');
    await page.close();
  }, 60_000);
});
