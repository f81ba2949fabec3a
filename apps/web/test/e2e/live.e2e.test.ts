import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForRunsToEnd } from './support/api';
import type { RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * Live pages in Chromium against a real `baton dev` (fixtures/controls): the lineage recolours from the
 * status subscription (no polling), a running run's timeline grows with the clock, and the runs list's
 * relative times move on. Screenshots: artifacts/screenshots/live-*.png.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures/controls');
const skip = browserTestSkipReason();

describe.skipIf(skip !== undefined)('live updates in Chromium against baton dev', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];
  /** Lineage queries the page has sent so far. */
  let lineageQueries = 0;

  beforeAll(async () => {
    session = await openUiSession(FIXTURE, { args: ['--workers', '1'] });
    ({ server, page, pageErrors } = session);
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && (r.postData() ?? '').includes('query Lineage(')) lineageQueries++;
    });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  it('recolours the lineage from the status subscription, without polling', async () => {
    await page.goto(server.url);
    const quick = page.locator('.asset-node[data-key="work/quick"]');
    await quick.waitFor();
    expect(await quick.getAttribute('data-status')).toBe('MISSING');
    // idle: no query every few seconds
    const before = lineageQueries;
    await page.waitForTimeout(9_000);
    expect(lineageQueries - before).toBe(0);
    // a run launched elsewhere turns the node green before any lineage query is sent
    await api(server.url, `mutation { materialize(selection: "work/quick") { __typename } }`);
    await expect.poll(() => quick.getAttribute('data-status'), { timeout: 30_000, interval: 100 }).toBe('FRESH');
    expect(lineageQueries - before).toBe(0);
    await session.shot('live-lineage');
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("advances a running run's timeline with the clock", async () => {
    const launched = await api(server.url, `mutation { materialize(selection: "work/long") { __typename ... on LaunchSuccess { runs { id } } } }`);
    const runId = launched.materialize.runs[0].id as string;
    await page.goto(`${server.url}/runs/${runId}`);
    const gantt = page.getByTestId('gantt');
    await expect.poll(() => page.locator('[data-testid=run-page] .status').first().getAttribute('data-status'), { timeout: 45_000 }).toBe('RUNNING');
    await gantt.waitFor();
    const span = async () => Number(await gantt.getAttribute('data-span-ms'));
    const first = await span();
    const label = await page.getByTestId('gantt-axis-end').textContent();
    await page.waitForTimeout(2_500);
    // no event arrives while the step sleeps: only the clock moves the axis
    expect((await span()) - first).toBeGreaterThanOrEqual(2_000);
    expect(await page.getByTestId('gantt-axis-end').textContent()).not.toBe(label);
    await session.shot('live-gantt');
    await waitForRunsToEnd(server.url, { timeoutMs: 60_000 });
  }, 120_000);

  it('moves the relative start times of the runs list on', async () => {
    await page.goto(`${server.url}/runs`);
    const started = page.getByTestId('run-started').first();
    await started.waitFor();
    const text = await started.textContent();
    expect(text).toMatch(/ago$/);
    await expect.poll(() => started.textContent(), { timeout: 12_000, interval: 500 }).not.toBe(text);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
