import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, type RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * Readable lineage, in Chromium against a real `baton dev` (examples/warehouse-rollups, 8 assets in 4
 * groups): at the first fit every asset name is at least 11 px on screen, at 1440×900 and 1024×768; zoomed
 * out past that, groups become summary boxes with readable names instead of shrinking into illegible
 * nodes. Screenshots: artifacts/screenshots/lineage-zoom-*.png.
 */
const EXAMPLE = join(REPO, 'examples/warehouse-rollups');
const skip = browserTestSkipReason(EXAMPLE);

/** On-screen font sizes (CSS px × the canvas zoom) of the text matching `selector` that is drawn. */
const screenFontSizes = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetHeight > 0)
      .map((el) => {
        const e = el as HTMLElement;
        const scale = e.getBoundingClientRect().height / e.offsetHeight;
        return Math.round(parseFloat(getComputedStyle(e).fontSize) * scale * 10) / 10;
      }),
  );

describe.skipIf(skip !== undefined)('readable lineage in Chromium against baton dev (warehouse-rollups)', () => {
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

  const firstFit = async () => {
    await page.goto(server.url);
    await page.locator('[data-testid=lineage-canvas][data-ready=true][data-fitted=true] .asset-node .name').first().waitFor();
  };

  for (const [width, height] of [[1440, 900], [1024, 768]] as const) {
    it(`draws every asset name at 11 px or more at the first fit, ${width}×${height}`, async () => {
      await page.setViewportSize({ width, height });
      await firstFit();
      const sizes = await screenFontSizes(page, '.react-flow__node-asset .asset-node .name');
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes), JSON.stringify(sizes)).toBeGreaterThanOrEqual(11);
      // the status line under the name too
      expect(Math.min(...(await screenFontSizes(page, '.react-flow__node-asset .asset-node .meta')))).toBeGreaterThanOrEqual(11);
      await session.shot(`lineage-zoom-first-fit-${width}`);
    }, 60_000);
  }

  it('zoomed out, shows each group as a summary box with a readable name instead of tiny nodes', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await firstFit();
    const zoomOut = page.locator('.react-flow__controls-zoomout');
    for (let i = 0; i < 4; i++) await zoomOut.click();
    await page.locator('[data-testid=group-summary]').first().waitFor();
    const groups = await page.locator('[data-testid=group-summary]').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
    expect(groups.sort()).toEqual(['dimensions', 'ingest', 'reports', 'rollups']);
    const names = await screenFontSizes(page, '[data-testid=group-summary] .group-summary-name');
    expect(Math.min(...names)).toBeGreaterThanOrEqual(11);
    // no asset name is drawn below 11 px: they give way to the summaries
    const assetNames = await screenFontSizes(page, '.react-flow__node-asset .asset-node .name');
    expect(assetNames.filter((s) => s < 11)).toEqual([]);
    await session.shot('lineage-zoom-semantic-1440');
    // zooming back in brings the assets back
    const zoomIn = page.locator('.react-flow__controls-zoomin');
    for (let i = 0; i < 4; i++) await zoomIn.click();
    await expect.poll(() => page.locator('[data-testid=group-summary]').count()).toBe(0);
    expect(await page.locator('.react-flow__node-asset .asset-node .name').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
