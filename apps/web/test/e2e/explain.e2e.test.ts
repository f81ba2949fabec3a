import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForRunsToEnd } from './support/api';
import type { RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * Explanations in plain words, in Chromium against a real `baton dev` (fixtures/explain): why an asset is
 * stale says what changed, with the versions and hashes behind a toggle; the tick history folds runs of
 * "no tick due" into one line (the daemon ticks every 400 ms here); the partition lineage lists each
 * upstream once. Screenshots:
 * artifacts/screenshots/explain-*.png.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures/explain');
const skip = browserTestSkipReason();

describe.skipIf(skip !== undefined)('plain-words explanations in Chromium against baton dev', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openUiSession(FIXTURE, { args: ['--workers', '1'], env: { BATON_AUTOMATION_INTERVAL_MS: '400' } });
    ({ server, page, pageErrors } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  it('says why an asset is stale in plain words, with the hashes behind a details toggle', async () => {
    await api(server.url, `mutation { materialize(selection: "*") { __typename } }`);
    await waitForRunsToEnd(server.url);
    await api(server.url, `mutation { materialize(selection: "raw/stamp") { __typename } }`);
    await expect.poll(async () => (await api(server.url, `{ asset(key: "marts/stamped") { status } }`)).asset.status, { timeout: 60_000 }).toBe('STALE');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/assets/marts/stamped`);
    const explanation = page.getByTestId('stale-explanation');
    await explanation.waitFor();
    expect(await page.getByTestId('stale-root-cause').allInnerTexts()).toEqual(['raw/stamp has new data since marts/stamped was built']);
    expect(await explanation.getByRole('link', { name: 'raw/stamp' }).getAttribute('href')).toBe('/assets/raw/stamp');
    // no versions or hashes until asked
    const shown = await explanation.innerText();
    expect(shown).not.toContain('data version');
    expect(shown).not.toMatch(/"[0-9a-f]{8,}"/);
    await session.shot('explain-stale');
    await explanation.getByText('Details: the chain of causes, with versions').click();
    await expect.poll(() => explanation.innerText()).toMatch(/consumed "raw\/stamp" at data version "[0-9a-f]+"; it now has data version "[0-9a-f]+"/);
    await session.shot('explain-stale-details');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('folds consecutive "no tick due" ticks into one line that opens on click', async () => {
    const quiet = async () => (await api(server.url, `{ automationTicks(name: "yearly_stamp", first: 50) { nodes { summary } } }`)).automationTicks.nodes.filter((t: { summary: string }) => t.summary === 'no tick due').length;
    await expect.poll(quiet, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    await page.goto(`${server.url}/automation/yearly_stamp`);
    const group = page.getByTestId('tick-group').first();
    await group.waitFor();
    expect(await page.getByTestId('tick-group').count()).toBe(1);
    expect(Number(await group.getAttribute('data-count'))).toBeGreaterThanOrEqual(5);
    expect(await group.innerText()).toMatch(/no tick due\s+× \d+ ticks/);
    // the other rows are not "no tick due" ones
    const rows = await page.getByTestId('tick-row').allInnerTexts();
    expect(rows.filter((r) => r.includes('no tick due'))).toEqual([]);
    await session.shot('explain-ticks-grouped');
    await group.click();
    await expect.poll(async () => (await page.getByTestId('tick-row').allInnerTexts()).filter((r) => r.includes('no tick due')).length).toBeGreaterThanOrEqual(5);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('lists each upstream materialization once in the partition lineage, level by level', async () => {
    // marts/both reads raw/stamp directly and through marts/stamped (both materialized by the first test)
    await page.goto(`${server.url}/assets/marts/both`);
    await page.getByTestId('materialization-history').locator('tbody tr').first().click();
    const lineage = page.getByTestId('partition-lineage');
    await lineage.locator('[data-testid=lineage-level]').first().waitFor();
    const levels = await lineage.locator('[data-testid=lineage-level]').evaluateAll((ls) =>
      ls.map((l) => [l.getAttribute('data-depth'), [...l.querySelectorAll('[data-testid=lineage-asset]')].map((a) => a.getAttribute('data-key'))]),
    );
    // raw/stamp once, at its shortest distance; not again under marts/stamped
    expect(levels).toEqual([['1', ['marts/stamped', 'raw/stamp']]]);
    expect(await lineage.getByText('Consumed directly').count()).toBe(1);
    await lineage.scrollIntoViewIfNeeded();
    await session.shot('explain-partition-lineage');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
