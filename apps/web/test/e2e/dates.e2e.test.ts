import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './support/api';
import type { RunningServer } from './support/server';
import { browserTestSkipReason, openUiSession, type UiSession } from './support/ui-session';

/**
 * Impossible calendar dates (issue 17) in Chromium against a real `baton dev` (fixtures/dates: daily,
 * hourly and day × region assets over February 2026). Every way the UI takes a partition key or a range
 * (the Materialize dialog from the asset page and from the lineage side panel, typed or pasted; the
 * backfill launcher's date fields and a link that presets its range) refuses 2026-02-30 with the API's
 * error for that single key, and nothing is launched. Screenshots: artifacts/screenshots/dates-*.png.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures/dates');
const skip = browserTestSkipReason();

describe.skipIf(skip !== undefined)('impossible dates in Chromium against baton dev', () => {
  let session: UiSession;
  let server: RunningServer;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openUiSession(FIXTURE, { args: ['--workers', '1'] });
    ({ server, page, pageErrors } = session);
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  /** The API's error for one key of `asset` (a preview: it launches nothing), the error every path must show. */
  async function singleKeyError(asset: string, key: string): Promise<string> {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($i: BackfillInput!) { backfillPreview(input: $i) { runCount } }', variables: { i: { selection: asset, partitions: { key } } } }),
    });
    const error = ((await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] }).errors?.[0];
    expect(error?.extensions?.code, JSON.stringify(error)).toBe('PARTITION_KEY_INVALID');
    expect(error!.message).toContain(`Partition "${key}" is not a key of asset "${asset}"`);
    return error!.message;
  }

  async function expectNothingLaunched(): Promise<void> {
    const r = await api(server.url, '{ runs(first: 50) { nodes { id status } } backfills(first: 50) { nodes { id status } } }');
    expect(r.runs.nodes).toEqual([]);
    expect(r.backfills.nodes).toEqual([]);
  }

  const dialog = () => page.getByRole('dialog');

  /** Fills the open Materialize dialog (typed key by key, or pasted from the clipboard), confirms, and returns the error it shows. */
  async function materializeError(from: string, to: string, how: 'type' | 'paste'): Promise<string | null> {
    for (const [label, value] of [['From partition', from], ['To partition (optional)', to]] as const) {
      const field = dialog().getByLabel(label);
      await field.fill('');
      if (!value) continue;
      if (how === 'type') await field.pressSequentially(value);
      else {
        await page.evaluate((text) => navigator.clipboard.writeText(text), value);
        await field.focus();
        await page.keyboard.press('ControlOrMeta+V');
      }
      expect(await field.inputValue()).toBe(value);
    }
    await page.getByTestId('confirm-materialize-selection').click();
    const alert = dialog().getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    return alert.textContent();
  }

  it('the Materialize dialog refuses typed and pasted impossible keys and range ends of daily, hourly and day × region assets', async () => {
    await page.goto(`${server.url}/assets/shop/orders`);
    await page.getByRole('button', { name: 'Materialize…' }).click();
    expect(await materializeError('2026-02-30', '', 'type')).toBe(await singleKeyError('shop/orders', '2026-02-30'));
    expect(await materializeError('2026-02-20', '2026-02-31', 'type')).toBe(await singleKeyError('shop/orders', '2026-02-31'));
    expect(await materializeError('2026-02-30', '2026-03-05', 'paste')).toBe(await singleKeyError('shop/orders', '2026-02-30'));
    await session.shot('dates-materialize-daily');
    expect(await dialog().isVisible()).toBe(true);
    await dialog().getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`${server.url}/assets/shop/events`);
    await page.getByRole('button', { name: 'Materialize…' }).click();
    expect(await materializeError('2026-02-30-10:00', '', 'paste')).toBe(await singleKeyError('shop/events', '2026-02-30-10:00'));
    expect(await materializeError('2026-02-28-22:00', '2026-02-30-02:00', 'type')).toBe(await singleKeyError('shop/events', '2026-02-30-02:00'));
    await dialog().getByRole('button', { name: 'Cancel' }).click();

    // from the lineage page's side panel, for the day × region asset
    await page.goto(`${server.url}/?asset=${encodeURIComponent('shop/sales')}`);
    await page.getByTestId('side-panel').getByRole('button', { name: 'Materialize' }).click();
    expect(await materializeError('2026-02-30|emea', '', 'type')).toBe(await singleKeyError('shop/sales', '2026-02-30|emea'));
    expect(await materializeError('2026-02-28|emea', '2026-02-30|emea', 'paste')).toBe(await singleKeyError('shop/sales', '2026-02-30|emea'));
    await session.shot('dates-materialize-multi');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await expectNothingLaunched();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a link that presets an impossible range opens the backfill launcher on the single-key error, and it cannot launch', async () => {
    // a range end is a day: on the day × region asset its hint is the day's, as for the key 2026-02-31|amer
    const dayOfSales = async (day: string) => (await singleKeyError('shop/sales', `${day}|amer`)).replace(`${day}|amer`, day);
    for (const [asset, from, to, bad, expected] of [
      ['shop/orders', '2026-02-30', '2026-03-05', '2026-02-30', () => singleKeyError('shop/orders', '2026-02-30')],
      ['shop/sales', '2026-02-20', '2026-02-31', '2026-02-31', () => dayOfSales('2026-02-31')],
      ['shop/events', '2026-02-30', '2026-03-01', '2026-02-30', () => singleKeyError('shop/events', '2026-02-30')],
    ] as const) {
      await page.goto(`${server.url}/backfills/new?select=${encodeURIComponent(asset)}&from=${from}&to=${to}`);
      const message = page.getByTestId('backfill-launcher').getByTestId('error-message');
      // no click: a link that presets the whole range is previewed as it opens
      await message.waitFor({ timeout: 15_000 });
      expect(await message.textContent()).toBe(await expected());
      // the date field cannot show the impossible day; the error names it
      expect(await page.getByTestId(from === bad ? 'date-range-from' : 'date-range-to').inputValue()).toBe('');
      expect(await page.getByTestId('backfill-launch').isDisabled()).toBe(true);
      if (asset === 'shop/orders') await session.shot('dates-backfill-link');
      // asking again gives the same answer, and still nothing to launch
      await page.getByTestId('backfill-preview').click();
      await message.waitFor();
      expect(await message.textContent()).toBe(await expected());
      expect(await page.getByTestId('backfill-launch').isDisabled()).toBe(true);
    }
    await expectNothingLaunched();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("the launcher's date fields cannot hold an impossible day, typed or set", async () => {
    await page.goto(`${server.url}/backfills/new?select=${encodeURIComponent('shop/orders')}`);
    await page.getByTestId('time-partitions').waitFor();
    const from = page.getByTestId('date-range-from');
    const to = page.getByTestId('date-range-to');
    await to.fill('2026-03-05');
    // typed into the field's month, day and year: February 30th is no date, so the field holds none
    await from.click();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('02302026');
    expect(await from.evaluate((el: HTMLInputElement) => ({ value: el.value, badInput: el.validity.badInput }))).toEqual({ value: '', badInput: true });
    // the browser's own words say why the field is empty, not a silently missing range
    const why = await from.evaluate((el: HTMLInputElement) => el.validationMessage);
    expect(why).not.toBe('');
    expect(await page.getByTestId('date-range-from-unreadable').textContent()).toBe(`"From": ${why}`);
    await session.shot('dates-backfill-typed');
    expect(await page.getByTestId('backfill-missing').textContent()).toBe('Choose a date range, or "All partitions".');
    expect(await page.getByTestId('backfill-preview').isDisabled()).toBe(true);
    // set by a script (as a paste or an extension would): the browser drops the impossible value
    expect(await from.evaluate((el: HTMLInputElement) => ((el.value = '2026-02-30'), el.value))).toBe('');
    expect(await page.getByTestId('backfill-preview').isDisabled()).toBe(true);
    await expectNothingLaunched();

    // the same fields with a real day plan the backfill (so the refusals above are about the date)
    await from.fill('2026-02-27');
    expect(await page.getByTestId('date-range-from-unreadable').count()).toBe(0);
    await page.getByTestId('backfill-preview').click();
    await expect.poll(() => page.getByTestId('preview-run-count').textContent(), { timeout: 15_000 }).toBe('7');
    expect(await page.getByTestId('backfill-launch').isDisabled()).toBe(false);
    await expectNothingLaunched();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
