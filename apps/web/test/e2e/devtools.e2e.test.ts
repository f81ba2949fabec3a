import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser';
import { REPO, startBaton, type RunningServer } from './support/server';
import { ensureUiBuilt } from './support/build-ui';
import { browserTestSkipReason, SCREENSHOTS } from './support/ui-session';

/**
 * Developer tools in Chromium against a real `baton dev` on a project with a broken typed edge
 * (apps/server/test/fixtures/typed-edge): the lineage page's definitions banner lists the type error,
 * and GraphiQL at /graphql works offline (every request to another host than 127.0.0.1 aborted).
 * Screenshots: artifacts/screenshots/type-errors-banner.png, graphiql.png.
 */
const FIXTURE = join(REPO, 'apps/server/test/fixtures/typed-edge/baton.config.ts.txt');
const skip = browserTestSkipReason(FIXTURE);

describe.skipIf(skip !== undefined)('developer tools in Chromium against baton dev', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let source: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ensureUiBuilt();
    // the fixture is kept as .ts.txt so the repository's own type-check skips it
    source = mkdtempSync(join(tmpdir(), 'baton-typed-edge-'));
    copyFileSync(FIXTURE, join(source, 'baton.config.ts'));
    writeFileSync(join(source, 'package.json'), JSON.stringify({ name: 'typed-edge', private: true, type: 'module' }));
    server = await startBaton(source, { args: ['--workers', '1'] });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(source, { recursive: true, force: true });
  }, 30_000);

  it('the definitions banner lists the type error with file:line:col, and the lineage stays usable', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    const error = page.getByTestId('type-error');
    // the type check runs in the background; the lineage polls definitionsStatus
    await expect.poll(async () => (await page.reload(), await error.count()), { timeout: 150_000, interval: 3_000 }).toBe(1);
    expect(await error.textContent()).toMatch(/^baton\.config\.ts:6:\d+ TS2769: No overload matches this call\. … Type 'number' is not assignable to type 'string'\.$/);
    expect(await page.getByTestId('type-errors').textContent()).toContain('1 type error in the project (runs are not blocked)');
    // the banner can arrive before the canvas has laid out its nodes: wait for the layout, then count
    await page.locator('[data-testid=lineage-canvas][data-ready=true]').waitFor();
    await expect.poll(() => page.locator('.react-flow__node-asset [data-key]').count()).toBe(2);
    await page.screenshot({ path: join(SCREENSHOTS, 'type-errors-banner.png') });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('renders from 127.0.0.1 alone and runs a query', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const blocked: string[] = [];
    const local: string[] = [];
    await page.context().route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') {
        local.push(url.href);
        return route.continue();
      }
      blocked.push(url.href);
      return route.abort('internetdisconnected');
    });
    await page.goto(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { timeout: 60_000 });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 60_000 });
    await run.click();
    await expect.poll(async () => page.locator('.graphiql-response').textContent(), { timeout: 30_000 }).toMatch(/"__typename":\s*"Query"/);
    await page.screenshot({ path: join(SCREENSHOTS, 'graphiql.png') });
    expect(blocked).toEqual([]);
    expect(local.some((u) => u.endsWith('/graphql') || u.includes('/graphql?'))).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
