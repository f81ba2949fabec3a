import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForRunsToEnd } from './support/api';
import type { RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * Observed sources in Chromium against a real `baton dev` on fixtures/sources: the Observe button and
 * observation history on a source's page, and the "upstream changes pending" badge on the asset page
 * and on lineage nodes. Screenshots go to artifacts/screenshots/sources*.png.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures/sources');
const skip = browserTestSkipReason();

describe.skipIf(skip !== undefined)('observed sources UI in Chromium against baton dev', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openUiSession(FIXTURE, { args: ['--workers', '1'] });
    ({ server, page, pageErrors } = session);
    expect((await api(server.url, `mutation { observe { __typename } }`)).observe.__typename).toBe('ObserveSuccess');
    const launched = await api(server.url, `mutation { materialize(selection: "clean/counted or marts/top") { __typename ... on UserError { message } } }`);
    expect(launched.materialize.__typename, JSON.stringify(launched)).toBe('LaunchSuccess');
    const statuses = await waitForRunsToEnd(server.url, { first: 5 });
    expect(statuses).toEqual(['SUCCESS']);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  it('the Observe button stores a new version: history lists it, the reader turns stale, its downstream shows upstream changes pending', async () => {
    await page.goto(`${server.url}/assets/raw/drop`);
    const card = page.getByTestId('observations');
    await card.waitFor();
    expect(await card.locator('tbody tr').count()).toBe(1);
    writeFileSync(join(server.projectDir, 'drop.txt'), 'v2\n'); // the server runs on a copy of the fixture
    await page.getByTestId('observe-source').click();
    await expect.poll(async () => card.locator('tbody tr').count(), { timeout: 15_000 }).toBe(2);
    expect(await card.locator('tbody tr').first().textContent()).toContain('v2');
    await session.shot('sources-observe', { fullPage: true });

    await page.goto(`${server.url}/assets/marts/top`);
    await page.getByTestId('upstream-pending').waitFor();
    expect(await page.locator('.page-header [data-status=FRESH]').count()).toBe(1);
    expect(await page.getByTestId('stale-explanation').textContent()).toContain('Upstream changes pending');

    await page.goto(`${server.url}/`);
    const node = (key: string) => page.locator(`.asset-node[data-key="${key}"]`);
    await node('marts/top').waitFor();
    await expect.poll(async () => node('marts/top').getByTestId('node-upstream-pending').count(), { timeout: 15_000 }).toBe(1);
    expect(await node('clean/counted').getAttribute('data-status')).toBe('STALE');
    expect(await node('clean/counted').getByTestId('node-upstream-pending').count()).toBe(0);
    await session.shot('sources-lineage', { fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
