import { asset, dailyPartitions, definitions, sql, sqlAsset } from '@baton/core';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { dataOf, startHarness } from './harness';

const backend = storageBackends()[0]!;
const days = dailyPartitions({ start: '2026-01-01', end: '2026-01-04' });
const orders = asset({ key: 'raw/orders', partitions: days, ioManager: 'duckdb', compute: (ctx) => [{ day: ctx.partitionKey, amount: 1 }] });
const daily = sqlAsset({ key: 'marts/daily', engine: 'duckdb', partitions: days, sql: sql`select day, sum(amount) as amount from ${orders} where day = ${sql.partitionKey} group by day` });
const defs = () => definitions({ assets: [orders, daily] });
const expected = 'select day, sum(amount) as amount from {{raw/orders}} where day = {{partitionKey}} group by day';

// issue 20: "The plan preview and the asset page show the SQL" — the API's half (the UI's is in apps/web/test/e2e/ui.e2e.test.ts).
describe('SQL assets in the API', () => {
  afterAll(() => backend.cleanup());

  it('an asset carries its SQL, and a plan preview shows it per asset (null for other assets)', async () => {
    const h = await startHarness(backend, defs());
    try {
      const assets = dataOf(await h.gql('{ a: asset(key: "marts/daily") { sql kinds } b: asset(key: "raw/orders") { sql } }'));
      expect(assets.a).toEqual({ sql: expected, kinds: ['sql'] });
      expect(assets.b.sql).toBeNull();
      const preview = dataOf(await h.gql('{ backfillPreview(input: { selection: "*", partitions: { range: { from: "2026-01-01", to: "2026-01-02" } } }) { assetSummaries { assetKey partitionCount sql } } }'));
      expect(preview.backfillPreview.assetSummaries).toEqual([
        { assetKey: 'raw/orders', partitionCount: 2, sql: null },
        { assetKey: 'marts/daily', partitionCount: 2, sql: expected },
      ]);
      const stale = dataOf(await h.gql('{ materializeStalePreview(selection: "marts/daily") { assetSummaries { assetKey sql } } }'));
      expect(stale.materializeStalePreview.assetSummaries.find((a: { assetKey: string }) => a.assetKey === 'marts/daily').sql).toBe(expected);
    } finally {
      await h.close();
    }
  });
});
