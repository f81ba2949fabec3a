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
 *   web.partitions.1m.first-render    ms from navigation to the asset page of an asset with 1,000,000 partitions
 *                                     (bench/fixtures/million-partitions: 1,000 days x 1,000 static keys) over a
 *                                     stored history of 100,000 materializations (every tenth partition), with its
 *                                     partition health drawn.
 *
 * Each is the median of 3 fresh page loads (new page, so no layout cache) after one warm-up.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteStorage } from '@baton/storage';
import { eventFactory } from '@baton/storage/testing';
import { below, median, type BenchScenario } from '../../../bench/scenario';
import { CHROMIUM, launchBrowser } from '../test/e2e/support/browser';
import { ensureUiBuilt } from '../test/e2e/support/build-ui';
import { REPO, startBaton, type RunningServer } from '../test/e2e/support/server';

const LARGE = { dir: join(REPO, 'apps/web/bench/fixtures/large-project') };
const MILLION = { dir: join(REPO, 'apps/web/bench/fixtures/million-partitions'), prepare: storeMillionHistory };
type Fixture = { readonly dir: string; readonly prepare?: (projectDir: string) => Promise<void> };
const shared = new Map<Fixture, { users: number; ready: Promise<{ server: RunningServer; browser: Awaited<ReturnType<typeof launchBrowser>> }> }>();

async function setup(fixture: Fixture) {
  let entry = shared.get(fixture);
  if (!entry) {
    const ready = (async () => {
      ensureUiBuilt();
      const server = await startBaton(fixture.dir, { timeoutMs: 120_000, ...(fixture.prepare ? { prepare: fixture.prepare } : {}) });
      const browser = await launchBrowser();
      return { server, browser };
    })();
    shared.set(fixture, (entry = { users: 0, ready }));
  }
  entry.users++;
  return entry.ready;
}

async function release(fixture: Fixture) {
  const entry = shared.get(fixture);
  if (!entry || --entry.users > 0) return;
  shared.delete(fixture);
  const { server, browser } = await entry.ready;
  await browser.close();
  await server.stop();
}

/** 100,000 materializations of `big/events` (every tenth of its 1,000,000 partitions), stored before the server starts. */
export async function storeMillionHistory(projectDir: string): Promise<void> {
  const { big } = (await import('./fixtures/million-partitions/baton.config')) as typeof import('./fixtures/million-partitions/baton.config');
  const ctx = { now: Date.now() };
  const count = big.partitions!.count(ctx);
  if (count !== 1_000_000) throw new Error(`expected 1,000,000 partitions, got ${count}`);
  const storage = await createSqliteStorage({ projectDir });
  try {
    const e = eventFactory('bench-history', Date.now() - 3_600_000);
    for (let i = 0; i < count; i += 100_000) {
      await storage.appendEvents(Array.from({ length: 10_000 }, (_, j) => e.materialization(big.key, big.partitions!.keyAt(i + j * 10, ctx), { codeVersion: big.codeVersion })));
    }
  } finally {
    await storage.close();
  }
}

async function medianLoad(path: string, ready: string, runs = 3, fixture: Fixture = LARGE): Promise<number> {
  const { server, browser } = await setup(fixture);
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
    return median(times);
  } finally {
    await release(fixture);
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
  {
    name: 'web.partitions.1m.first-render',
    unit: 'ms',
    bar: below(2500),
    skip,
    run: async () => ({
      value: await medianLoad('/assets/big/events', '[data-testid=partition-health][data-drawn=true][data-total="1000000"]', 3, MILLION),
    }),
  },
];
