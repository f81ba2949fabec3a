import { asset, dailyPartitions, definitions, hourlyPartitions, input, multiPartitions, staticPartitions } from '@baton/core';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startHarness, type Harness } from './harness';

/** Hourly events by region → daily totals → a monthly-free mart; enough for ranges, static pickers and large plans. */
function eventsDefinitions() {
  const hours = hourlyPartitions({ start: '2024-01-01-00:00', end: '2024-01-08-00:00' });
  const days = dailyPartitions({ start: '2024-01-01', end: '2024-01-08' });
  const regions = staticPartitions(['amer', 'apac', 'emea']);
  const events = asset({ key: 'raw/events', partitions: hours, codeVersion: 'v1', compute: () => [1] });
  const byRegion = asset({
    key: 'daily/by_region',
    partitions: multiPartitions({ day: days, region: regions }),
    codeVersion: 'v1',
    ins: { events: input(events, { load: 'many' }) },
    compute: () => 1,
  });
  const summary = asset({ key: 'daily/summary', partitions: days, codeVersion: 'v1', ins: { events: input(events, { load: 'many' }) }, compute: () => 2 });
  return definitions({ assets: [events, byRegion, summary] });
}

const PREVIEW = `runCount assetPartitionCount
  assetSummaries { assetKey partitionCount runCount estimateMs ranges { firstKey lastKey } }
  warnings { code severity message hint assetKey suggestedBatchSize }`;

for (const backend of storageBackends()) {
  describe(`honest previews [${backend.name}]`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(backend, eventsDefinitions());
    });
    afterAll(async () => {
      await h.close();
      await backend.cleanup();
    });

    it('names partitionings as people say them and lists static keys for pickers', async () => {
      const d = dataOf(await h.gql(`{ lineage { nodes { key partitioning { label dimensions { name kind label keyCount keys } } } } }`));
      const byKey = Object.fromEntries(d.lineage.nodes.map((n: { key: string; partitioning: unknown }) => [n.key, n.partitioning]));
      expect(byKey['raw/events']).toEqual({ label: 'Hourly (UTC)', dimensions: [{ name: '*', kind: 'time-window', label: 'Hourly (UTC)', keyCount: 168, keys: null }] });
      expect(byKey['daily/by_region']).toEqual({
        label: 'Multi: day × region',
        dimensions: [
          { name: 'day', kind: 'time-window', label: 'Daily (UTC)', keyCount: 7, keys: null },
          { name: 'region', kind: 'static', label: 'Static: amer, apac, emea', keyCount: 3, keys: ['amer', 'apac', 'emea'] },
        ],
      });
    });

    it('applies one range to every time partitioning and static keys per dimension', async () => {
      const d = dataOf(
        await h.gql(`{ backfillPreview(input: { selection: "raw/events+", partitions: { range: { from: "2024-01-02", to: "2024-01-04" } }, statics: [{ dimension: "region", keys: ["emea"] }], policy: { kind: SINGLE } }) { ${PREVIEW} } }`),
      ).backfillPreview;
      const counts = Object.fromEntries(d.assetSummaries.map((a: { assetKey: string; partitionCount: number }) => [a.assetKey, a.partitionCount]));
      // 3 days: 72 hours, 3 day×emea partitions, 3 daily summaries — not every partition
      expect(counts).toEqual({ 'raw/events': 72, 'daily/by_region': 3, 'daily/summary': 3 });
      expect(d.assetSummaries.find((a: { assetKey: string }) => a.assetKey === 'daily/by_region').ranges).toEqual([
        { firstKey: '2024-01-02|emea', lastKey: '2024-01-02|emea' },
        { firstKey: '2024-01-03|emea', lastKey: '2024-01-03|emea' },
        { firstKey: '2024-01-04|emea', lastKey: '2024-01-04|emea' },
      ]);
      const bad = await h.gql(`{ backfillPreview(input: { selection: "raw/events+", partitions: { all: true }, statics: [{ dimension: "region", keys: ["mars"] }] }) { runCount } }`);
      expect(bad.body.errors?.[0]?.message).toContain('"mars" is not a key of dimension "region"');
    });

    it('summarises every asset over the whole plan and pages through every run', async () => {
      const d = dataOf(await h.gql(`{ materializeStalePreview { ${PREVIEW} runs(first: 5) { key } } }`)).materializeStalePreview;
      // 168 hours + 21 day×region + 7 days, one run per partition
      expect(d.runCount).toBe(196);
      expect(d.assetSummaries.map((a: { assetKey: string; runCount: number }) => [a.assetKey, a.runCount])).toEqual([
        ['raw/events', 168],
        ['daily/by_region', 21],
        ['daily/summary', 7],
      ]);
      const last = dataOf(await h.gql(`{ materializeStalePreview { runs(first: 25, offset: 190) { key assetKeys } } }`)).materializeStalePreview.runs;
      expect(last).toHaveLength(6);
      expect(last.at(-1).key).toBe('run-0196');
      const advice = d.warnings.find((w: { code: string }) => w.code === 'LARGE_PLAN');
      expect(advice).toMatchObject({ severity: 'INFO', suggestedBatchSize: 4 });
      // the batch policy the advice suggests, through the preview and the mutation alike
      const batched = dataOf(await h.gql(`{ materializeStalePreview(policy: { kind: BATCH, size: 4 }) { runCount warnings { code } } }`)).materializeStalePreview;
      expect(batched.runCount).toBe(42 + 6 + 2);
      expect(batched.warnings).toEqual([]);
      const bad = await h.gql(`{ materializeStalePreview(policy: { kind: BATCH }) { runCount } }`);
      expect(bad.body.errors?.[0]?.extensions?.code).toBe('INPUT_INVALID');
    });

    it('warns about a range past the last partition and a range with none', async () => {
      const d = dataOf(await h.gql(`{ backfillPreview(input: { selection: "daily/summary", partitions: { range: { from: "2024-01-06", to: "2024-01-20" } } }) { ${PREVIEW} } }`)).backfillPreview;
      expect(d.runCount).toBe(2);
      expect(d.warnings).toEqual([
        expect.objectContaining({ code: 'RANGE_CLAMPED', severity: 'WARNING', assetKey: 'daily/summary', message: expect.stringContaining('ends after the last existing partition 2024-01-07') }),
        expect.objectContaining({ code: 'MISSING_INPUTS', severity: 'ERROR', assetKey: 'daily/summary' }),
      ]);
      const none = dataOf(await h.gql(`{ backfillPreview(input: { selection: "daily/summary", partitions: { range: { from: "2025-01-01", to: "2025-01-02" } } }) { ${PREVIEW} } }`)).backfillPreview;
      expect(none.runCount).toBe(0);
      expect(none.warnings).toEqual([expect.objectContaining({ code: 'RANGE_EMPTY', message: expect.stringContaining('its partitions are 2024-01-01 … 2024-01-07') })]);
    });

    it('launches materializeStale with a batch policy', async () => {
      const r = dataOf(await h.gql(`mutation { materializeStale(selection: "raw/events", policy: { kind: BATCH, size: 24 }) { __typename ... on LaunchSuccess { runs { id } } } }`));
      expect(r.materializeStale.__typename).toBe('LaunchSuccess');
      expect(r.materializeStale.runs).toHaveLength(7);
    });
  });
}
