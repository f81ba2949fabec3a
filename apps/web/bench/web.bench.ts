/**
 * UI benchmarks in headless Chromium (Debian's, via playwright-core) against the built UI served by a real
 * `baton dev` running a generated project (bench/fixtures/large-project: 10,000 assets in 40 groups, and
 * one asset with 100,000 hourly partitions).
 *
 *   web.lineage.10k.first-render      ms from navigation to the 10,000-asset graph drawn, every group
 *                                     expanded (`?expand=all`): query, layout in the worker, React Flow.
 *   web.partitions.100k.first-render  ms from navigation to the asset page of the 100,000-partition asset
 *                                     with its partition health bar drawn.
 *   web.catalog.10k.first-render      ms from navigation to the asset catalog's table drawn with its first
 *                                     rows, all 10,000 assets loaded (status, freshness, checks).
 *
 * Each is the median of 3 fresh page loads (new page, so no layout cache) after one warm-up.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { below, type BenchScenario } from '../../../bench/scenario';
import { CHROMIUM, launchBrowser } from '../test/e2e/support/browser';
import { ensureUiBuilt } from '../test/e2e/support/build-ui';
import { REPO, startBaton, type RunningServer } from '../test/e2e/support/server';

const FIXTURE = join(REPO, 'apps/web/bench/fixtures/large-project');
let shared: Promise<{ server: RunningServer; browser: Awaited<ReturnType<typeof launchBrowser>> }> | undefined;
let users = 0;

async function setup() {
  users++;
  shared ??= (async () => {
    ensureUiBuilt();
    const server = await startBaton(FIXTURE, { timeoutMs: 120_000 });
    const browser = await launchBrowser();
    return { server, browser };
  })();
  return shared;
}

async function release() {
  if (--users > 0 || !shared) return;
  const { server, browser } = await shared;
  shared = undefined;
  await browser.close();
  await server.stop();
}

async function medianLoad(path: string, ready: string, runs = 3): Promise<number> {
  const { server, browser } = await setup();
  try {
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const page = await browser.context.newPage();
      const t0 = performance.now();
      await page.goto(server.url + path, { waitUntil: 'commit' });
      await page.locator(ready).first().waitFor({ timeout: 60_000 });
      // Drawn = the browser has painted the frame that holds it.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const ms = performance.now() - t0;
      await page.close();
      if (i > 0) times.push(ms);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  } finally {
    await release();
  }
}

const skip = () => (existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

export const scenarios: BenchScenario[] = [
  {
    name: 'web.lineage.10k.first-render',
    unit: 'ms',
    bar: below(3000),
    skip,
    run: async () => ({
      value: await medianLoad('/?expand=all', '[data-testid=lineage-canvas][data-ready=true][data-node-count="10000"] .react-flow__node-asset'),
    }),
  },
  {
    name: 'web.partitions.100k.first-render',
    unit: 'ms',
    bar: below(1500),
    skip,
    run: async () => ({
      value: await medianLoad('/assets/big/hourly_events', '[data-testid=partition-health][data-drawn=true][data-total="100000"]'),
    }),
  },
  {
    name: 'web.catalog.10k.first-render',
    unit: 'ms',
    bar: below(1500),
    skip,
    run: async () => ({
      value: await medianLoad('/catalog', '[data-testid=catalog][data-total="10000"] [data-testid=catalog-row]'),
    }),
  },
];
