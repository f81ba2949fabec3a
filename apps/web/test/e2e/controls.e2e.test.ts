import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/api';
import type { RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * The run and backfill controls in Chromium against a real `baton dev` (fixtures/controls): Cancel and
 * Re-execute on a run page; Cancel (after a confirmation), Resume and Retry failed on a backfill page, with
 * each backfill status in its own words and colour. Screenshots: artifacts/screenshots/controls-*.png.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures/controls');
const skip = browserTestSkipReason();

async function launchBackfill(url: string, selection: string, from: string, to: string): Promise<string> {
  const r = await api(
    url,
    `mutation { launchBackfill(input: { selection: "${selection}", partitions: { range: { from: "${from}", to: "${to}" } }, maxConcurrentRuns: 1 }) { __typename ... on BackfillSuccess { backfill { id } } ... on UserError { message } } }`,
  );
  expect(r.launchBackfill.__typename, JSON.stringify(r)).toBe('BackfillSuccess');
  return r.launchBackfill.backfill.id;
}

describe.skipIf(skip !== undefined)('run and backfill controls in Chromium against baton dev', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openUiSession(FIXTURE, { args: ['--workers', '1'] });
    ({ server, page, pageErrors } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  const runStatus = () => page.locator('[data-testid=run-page] .status').first().getAttribute('data-status');
  const backfillStatus = () => page.getByTestId('backfill-page').getAttribute('data-status');

  it('re-executes a failed run from its page', async () => {
    const flag = join(server.projectDir, 'fail.flag');
    writeFileSync(flag, 'fail');
    const launched = await api(server.url, `mutation { materialize(selection: "work/flaky", partition: "2026-01-05") { __typename ... on LaunchSuccess { runs { id } } } }`);
    const runId = launched.materialize.runs[0].id as string;
    await page.goto(`${server.url}/runs/${runId}`);
    await expect.poll(runStatus, { timeout: 45_000 }).toBe('FAILURE');
    await session.shot('controls-run-failed');
    rmSync(flag);
    await page.getByTestId('reexecute-run').click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).not.toBe(`/runs/${runId}`);
    await expect.poll(runStatus, { timeout: 60_000 }).toBe('SUCCESS');
  }, 150_000);

  it('asks before canceling a backfill, shows it canceled, and resumes it to success', async () => {
    const id = await launchBackfill(server.url, 'work/slow', '2026-01-01', '2026-01-08');
    await page.goto(`${server.url}/backfills/${id}`);
    await page.getByTestId('backfill-page').waitFor();
    expect(await page.locator('[data-testid=backfill-page] .page-header .status').textContent()).toBe('Running');
    await page.getByTestId('cancel-backfill').click();
    // nothing is canceled until the user confirms
    await page.getByRole('dialog').waitFor();
    expect(await page.getByRole('dialog').textContent()).toContain('Queued runs are dropped');
    await page.getByRole('button', { name: 'Keep running' }).click();
    expect(await backfillStatus()).toBe('REQUESTED');
    await page.getByTestId('cancel-backfill').click();
    await page.getByTestId('confirm-cancel-backfill').click();
    await expect.poll(backfillStatus, { timeout: 45_000 }).toBe('CANCELED');
    expect(await page.locator('[data-testid=backfill-page] .page-header .status').textContent()).toBe('Canceled');
    await session.shot('controls-backfill-canceled');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(backfillStatus, { timeout: 90_000 }).toBe('COMPLETED_SUCCESS');
    expect(await page.locator('[data-testid=backfill-page] .page-header .status').textContent()).toBe('Succeeded');
  }, 180_000);

  it('retries only the failed part of a backfill', async () => {
    const flag = join(server.projectDir, 'fail.flag');
    writeFileSync(flag, 'fail');
    const id = await launchBackfill(server.url, 'work/flaky', '2026-01-01', '2026-01-03');
    await page.goto(`${server.url}/backfills/${id}`);
    await expect.poll(backfillStatus, { timeout: 60_000 }).toBe('COMPLETED_FAILED');
    expect(await page.locator('[data-testid=backfill-page] .page-header .status').textContent()).toBe('Failed');
    await session.shot('controls-backfill-failed');
    rmSync(flag);
    await page.getByRole('button', { name: 'Retry failed' }).click();
    await expect.poll(backfillStatus, { timeout: 60_000 }).toBe('COMPLETED_SUCCESS');
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('cancels a running run from its page: the step under way ends it, the downstream step never runs', async () => {
    const launched = await api(server.url, `mutation { materialize(selection: "work/long+") { __typename ... on LaunchSuccess { runs { id } } } }`);
    const runId = launched.materialize.runs[0].id as string;
    await page.goto(`${server.url}/runs/${runId}`);
    await expect.poll(runStatus, { timeout: 45_000 }).toBe('RUNNING');
    await page.getByTestId('cancel-run').click();
    await expect.poll(runStatus, { timeout: 45_000 }).toBe('CANCELED');
    expect(await page.getByTestId('cancel-run').count()).toBe(0);
    // a canceled run can be re-executed
    await page.getByTestId('reexecute-run').waitFor();
    await session.shot('controls-run-canceled');
    const run = await api(server.url, `{ run(id: "${runId}") { status steps { stepKey assetKeys status } } }`);
    const after = run.run.steps.find((s: { assetKeys: string[] }) => s.assetKeys.includes('work/after'));
    expect(after?.status).not.toBe('SUCCESS');
    expect((await api(server.url, `{ asset(key: "work/after") { status } }`)).asset.status).toBe('MISSING');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
