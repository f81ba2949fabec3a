import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, type RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * The UI in a real browser (Debian's Chromium via playwright-core) against a real `baton dev` running the
 * warehouse-rollups example on a fresh SQLite store. One server and one page for the whole story, in order:
 * browse → filter → asset → materialize stale → backfill → run logs. Screenshots go to artifacts/screenshots.
 */
const EXAMPLE = join(REPO, 'examples/warehouse-rollups');
const skip = browserTestSkipReason(EXAMPLE);

describe.skipIf(skip !== undefined)('web UI in Chromium against baton dev (warehouse-rollups)', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openUiSession(EXAMPLE);
    ({ server, page, pageErrors } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  const shot = (name: string) => session.shot(name);
  /** Assets on the canvas (laid out; only those in view are in the DOM). */
  const assetCount = async () => Number(await page.getByTestId('lineage-canvas').last().getAttribute('data-node-count'));

  it('opens the lineage graph with every asset, grouped and coloured by status', async () => {
    await page.goto(server.url);
    await page.locator('[data-testid=lineage-canvas][data-ready=true]').waitFor();
    await expect.poll(assetCount).toBe(8);
    expect(await page.getByTestId('lineage-canvas').last().getAttribute('data-group-count')).toBe('4');
    expect(await page.locator('.group-box').count()).toBeGreaterThan(0);
    expect(await page.locator('.react-flow__node-asset [data-key]').count()).toBeGreaterThan(4);
    expect(await page.locator('[data-key="rollups/daily_sales"]').getAttribute('data-status')).toBe('MISSING');
    expect(await page.getByTestId('count-MISSING').textContent()).toBe('8');
    await shot('lineage');
  }, 60_000);

  it('filters with a selection, and shows the server message for a bad one', async () => {
    await page.getByTestId('selection-filter').fill('group:rollups');
    await page.getByTestId('selection-filter').press('Enter');
    await expect.poll(assetCount).toBe(4);
    expect(new URL(page.url()).searchParams.get('select')).toBe('group:rollups');
    await shot('lineage-filtered');

    await page.getByTestId('selection-filter').fill('group:rollups and (');
    await page.getByTestId('selection-filter').press('Enter');
    await page.getByTestId('selection-error').waitFor();
    expect((await page.getByTestId('selection-error').textContent())!.length).toBeGreaterThan(5);
    await page.getByTestId('selection-filter').fill('');
    await page.getByTestId('selection-filter').press('Enter');
    await expect.poll(assetCount).toBe(8);
  }, 60_000);

  it('jumps to an asset, opens its side panel and then its page (partition grid, definition)', async () => {
    await page.getByTestId('asset-search').fill('daily_rev');
    await page.getByRole('option', { name: /rollups\/daily_revenue/ }).click();
    await page.getByTestId('side-panel').waitFor();
    expect(await page.getByTestId('side-panel').textContent()).toContain('rollups/daily_revenue');
    await page.locator('[data-key="rollups/daily_sales"]').click();
    await expect.poll(async () => page.getByTestId('side-panel').textContent()).toContain('multi partitions');
    await shot('lineage-side-panel');
    await page.getByTestId('open-asset-page').click();
    await page.getByTestId('asset-page').waitFor();
    expect(await page.getByTestId('asset-title').textContent()).toBe('rollups/daily_sales');
    const health = page.getByTestId('partition-health');
    await page.locator('[data-testid=partition-health][data-drawn=true]').waitFor();
    // daily partitions from 2026-01-01 (UTC) up to the last complete day, × 3 regions: grows by 3 a day
    const days = Math.floor((Date.now() - Date.UTC(2026, 0, 1)) / 86_400_000);
    expect(await health.getAttribute('data-total')).toBe(String(days * 3));
    expect(await health.textContent()).toContain('Rows: region');
    await page.locator('.neighbourhood [data-key="raw/events"]').waitFor();
    // the neighbours by name as well, readable whatever the small graph's zoom, each a link to its page
    const names = (which: string) => page.getByTestId(`neighbours-${which}`).locator('a').allTextContents();
    expect(await names('upstream')).toEqual(['dim/products', 'raw/events']);
    expect(await names('downstream')).toEqual(['rollups/daily_revenue', 'rollups/monthly_sales']);
    expect(await page.getByTestId('neighbours-upstream').locator('a', { hasText: 'raw/events' }).getAttribute('href')).toBe('/assets/raw/events');
    // each status dot says its status in words on hover
    expect(await page.getByTestId('neighbours-downstream').locator('.neighbour').first().getAttribute('title')).toMatch(/^(Fresh|Stale|Missing|Failed|Running)$/);
    await shot('asset');
  }, 60_000);

  it('opens the neighbourhood on the full canvas from the asset page, centred on the asset, names readable', async () => {
    await page.getByTestId('open-in-lineage').click();
    await page.locator('[data-testid=lineage-canvas][data-ready=true]').waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('select')).toBe('1+rollups/daily_sales+1');
    expect(url.searchParams.get('asset')).toBe('rollups/daily_sales');
    await expect.poll(assetCount).toBe(5);
    await expect.poll(async () => page.getByTestId('side-panel').textContent()).toContain('rollups/daily_sales');
    // four columns do not fit beside the side panel at a readable zoom: the first view centres the asset
    const node = (await page.locator('.react-flow__node-asset [data-key="rollups/daily_sales"]').boundingBox())!;
    const canvas = (await page.getByTestId('lineage-canvas').last().boundingBox())!;
    expect(Math.abs(node.x + node.width / 2 - (canvas.x + canvas.width / 2))).toBeLessThan(4);
    expect(Math.abs(node.y + node.height / 2 - (canvas.y + canvas.height / 2))).toBeLessThan(4);
    const zoom = Number((await page.locator('.react-flow__viewport').getAttribute('style'))!.match(/scale\(([\d.]+)\)/)![1]);
    expect(12 * zoom).toBeGreaterThanOrEqual(11);
    await shot('asset-neighbourhood-in-lineage');
  }, 60_000);

  it("shows a SQL asset's query on its page and, folded, in the plan preview", async () => {
    const query = 'select row_number() over (order by sum(revenue_cents) desc) as rank';
    await page.goto(`${server.url}/assets/reports/region_leaderboard`);
    await page.getByTestId('sql-card').waitFor();
    const card = await page.getByTestId('sql-card').textContent();
    expect(card).toContain(query);
    expect(card).toContain('from {{rollups/monthly_sales}}');
    await page.goto(`${server.url}/?select=${encodeURIComponent('reports/region_leaderboard')}`);
    await expect.poll(assetCount).toBe(1);
    await page.getByTestId('materialize-stale').click();
    await page.getByTestId('plan-preview').waitFor();
    const row = page.locator('[data-testid=plan-asset-row][data-asset="reports/region_leaderboard"]');
    await row.getByTestId('plan-asset-sql').locator('summary').click();
    await expect.poll(() => row.getByTestId('plan-asset-sql').locator('pre').isVisible()).toBe(true);
    expect(await row.getByTestId('plan-asset-sql').locator('pre').textContent()).toContain(query);
    // only SQL assets carry a query
    expect(await page.locator('[data-testid=plan-asset-row][data-asset="rollups/monthly_sales"] [data-testid=plan-asset-sql]').count()).toBe(0);
    await shot('sql-asset-preview');
  }, 60_000);

  it('"Materialize stale" previews, confirms, and the assets turn fresh on the graph', async () => {
    await page.goto(`${server.url}/?select=${encodeURIComponent('group:dimensions')}`);
    await expect.poll(assetCount).toBe(2);
    await page.getByTestId('materialize-stale').click();
    await page.getByTestId('plan-preview').waitFor();
    expect(await page.getByTestId('preview-run-count').textContent()).toBe('1');
    expect(await page.getByTestId('plan-preview').textContent()).toContain('dim/products');
    await shot('materialize-stale-preview');
    await page.getByTestId('confirm-materialize').click();
    await expect
      .poll(async () => [await page.locator('[data-key="dim/products"]').getAttribute('data-status'), await page.locator('[data-key="dim/regions"]').getAttribute('data-status')], { timeout: 45_000, interval: 500 })
      .toEqual(['FRESH', 'FRESH']);
    await shot('lineage-fresh');
  }, 90_000);

  it('shows the schema, row count and size the DuckDB IO manager recorded on the asset page', async () => {
    await page.goto(`${server.url}/assets/dim/regions`);
    await page.getByTestId('schema-card').waitFor();
    const columns = await page.getByTestId('schema-column').allTextContents();
    expect(columns.map((c) => c.replace(/(text|integer|numeric).*$/, ''))).toEqual(['region', 'name', 'utc_offset_hours']);
    expect(columns[0]).toContain('text');
    expect(await page.getByTestId('schema-card').textContent()).toMatch(/3 rows · \d/);
  }, 60_000);

  it('launches a backfill over a date range with a preview, and watches it complete', async () => {
    await page.goto(`${server.url}/backfills/new?select=raw/events`);
    await page.getByTestId('backfill-apply-selection').click();
    await page.getByTestId('date-range-from').fill('2026-01-01');
    await page.getByTestId('date-range-to').fill('2026-01-01');
    await page.getByRole('group', { name: 'Reprocess' }).locator('[data-value=ALL]').click();
    // Batches of 6: 4 runs, at most 2 of them queued or running at once (the default step workers write the
    // example's SQLite warehouse concurrently)
    await page.getByRole('group', { name: 'Run policy' }).locator('[data-value=BATCH]').click();
    await page.getByLabel('Partitions per run').fill('6');
    await page.getByTestId('max-concurrent').fill('2');
    await page.getByTestId('backfill-preview').click();
    await page.getByTestId('plan-preview').waitFor();
    await expect.poll(() => page.getByTestId('preview-run-count').textContent()).toBe('4');
    expect(await page.getByTestId('plan-preview').textContent()).toContain('24');
    await shot('backfill-launcher');
    await page.getByTestId('backfill-launch').click();
    await page.getByTestId('backfill-page').waitFor();
    await expect.poll(() => page.getByTestId('backfill-page').getAttribute('data-status'), { timeout: 90_000, interval: 500 }).toMatch(/^COMPLETED_/);
    const id = new URL(page.url()).pathname.split('/').pop();
    const runs = await page.evaluate(async (backfillId) => {
      const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query($id: ID!) { backfill(id: $id) { runs { status error createdAt endedAt } } }', variables: { id: backfillId } }) });
      return ((await r.json()) as { data: { backfill: { runs: { status: string; error: string | null; createdAt: number; endedAt: number | null }[] } } }).data.backfill.runs;
    }, id);
    expect(runs.map((r) => r.status), JSON.stringify(runs)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
    // never more than 2 runs of the backfill queued or running at once: each run was queued after the
    // run two before it (in queue order) ended
    const times = runs.map((r) => ({ created: Number(r.createdAt), ended: Number(r.endedAt) })).sort((a, b) => a.created - b.created);
    for (let i = 2; i < times.length; i++) {
      const endedBefore = times.slice(0, i).filter((t) => t.ended <= times[i]!.created).length;
      expect(i - endedBefore, JSON.stringify(times)).toBeLessThanOrEqual(1);
    }
    expect(await page.getByTestId('backfill-page').getAttribute('data-status'), JSON.stringify(runs)).toBe('COMPLETED_SUCCESS');
    expect(await page.getByTestId('backfill-done').textContent()).toBe('24');
    await shot('backfill');
    await page.goto(`${server.url}/backfills`);
    await page.getByTestId('backfill-row').first().waitFor();
    await shot('backfills');
  }, 150_000);

  it('opens a run and shows its Gantt timeline and live logs', async () => {
    // Start a run from the asset page and land on its page while it executes.
    await page.goto(`${server.url}/assets/raw/events`);
    await page.getByRole('button', { name: 'Materialize…' }).click();
    await page.getByLabel('From partition').fill('2026-01-02-05:00');
    await page.getByTestId('confirm-materialize-selection').click();
    await page.getByTestId('run-page').waitFor();
    await page.getByTestId('log-line').first().waitFor({ timeout: 30_000 });
    await expect.poll(async () => page.locator('[data-testid=run-page] .status').first().getAttribute('data-status'), { timeout: 45_000 }).toBe('SUCCESS');
    await expect.poll(() => page.locator('.gantt .bar.success').count()).toBeGreaterThan(0);
    const lines = await page.getByTestId('log-line').count();
    expect(lines).toBeGreaterThan(2);
    await shot('run');
    await page.goto(`${server.url}/runs`);
    await expect.poll(() => page.getByTestId('run-row').count()).toBeGreaterThan(2);
    await shot('runs');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
