import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chaosSchema, TEST_POSTGRES_URL } from '../../../server/test/chaos/chaos-env';
import { startTcpProxy, type TcpProxy } from '../../../server/test/chaos/tcp-proxy';
import { REPO } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * Issue 17: a database outage is reported in the UI ("database unreachable since …") and cleared when
 * the database answers again. `baton dev` (weather-dashboard) runs on PostgreSQL through a TCP proxy
 * that drops every connection and refuses new ones for the outage.
 */
const EXAMPLE = join(REPO, 'examples/weather-dashboard');
const skip = browserTestSkipReason(EXAMPLE) ?? (TEST_POSTGRES_URL ? undefined : 'set BATON_TEST_POSTGRES_URL to run it');

describe.skipIf(skip !== undefined)('the UI during a PostgreSQL outage', () => {
  const db = chaosSchema('baton_ui_outage');
  let proxy: TcpProxy | undefined;
  let session: UiSession | undefined;
  afterAll(async () => {
    await session?.close();
    await proxy?.restore().catch(() => undefined);
    await proxy?.close();
    await db.drop();
  }, 60_000);

  it('shows "Database unreachable since …" while the database is away, and clears it when it answers', async () => {
    const target = new URL(TEST_POSTGRES_URL!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    session = await openUiSession(EXAMPLE, { env: db.env(proxy.via(TEST_POSTGRES_URL!)) });
    const { page, server } = session;
    await page.goto(server.url);
    await page.locator('[data-testid=lineage-canvas][data-ready=true]').waitFor();
    expect(await page.getByTestId('storage-banner').count()).toBe(0);
    await proxy.drop();
    // the UI polls storageHealth every 5 s; the server notices the dropped connections at once
    await page.getByTestId('storage-banner').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('storage-banner').textContent()).toMatch(/^Database unreachable since .+\. Runs wait and resume when it answers\.$/);
    await session.shot('storage-outage-banner');
    await proxy.restore();
    await page.getByTestId('storage-banner').waitFor({ state: 'detached', timeout: 40_000 });
  }, 150_000);
});
