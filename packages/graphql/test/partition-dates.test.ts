import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { shopDefinitions } from './fixtures/shop-definitions';
import { startHarness } from './harness';

const backend = storageBackends()[0]!;

// Impossible calendar dates (issue 17): the API refuses a range end like 2024-02-30 with the error
// a single key gets, instead of rolling it over or saying "ends before it starts".
describe('impossible dates in partition ranges (API)', () => {
  afterAll(() => backend.cleanup());

  it('backfillPreview, launchBackfill and materialize refuse 02-30 as a single key is refused', async () => {
    const h = await startHarness(backend, shopDefinitions());
    try {
      const single = await h.gql('{ backfillPreview(input: { selection: "raw/orders", partitions: { key: "2024-02-30" } }) { runCount } }');
      const keyError = single.body.errors?.[0];
      expect(keyError?.extensions?.code).toBe('PARTITION_KEY_INVALID');
      expect(keyError?.message).toMatch(/^Partition "2024-02-30" is not a key of asset "raw\/orders"/);
      const range = await h.gql('{ backfillPreview(input: { selection: "raw/orders", partitions: { range: { from: "2024-02-30", to: "2024-03-05" } } }) { runCount } }');
      expect(range.body.errors?.[0]).toMatchObject({ message: keyError!.message, extensions: { code: 'PARTITION_KEY_INVALID', hint: keyError!.extensions!.hint } });
      const end = await h.gql('{ backfillPreview(input: { selection: "raw/orders", partitions: { range: { from: "2024-01-02", to: "2024-02-31" } } }) { runCount } }');
      expect(end.body.errors?.[0]?.message).toMatch(/^Partition "2024-02-31" is not a key of asset "raw\/orders"/);
      const launch = await h.gql('mutation { launchBackfill(input: { selection: "raw/orders", partitions: { range: { from: "2024-02-30", to: "2024-03-05" } } }) { __typename ... on UserError { code message } } }');
      expect(launch.body.data?.launchBackfill).toMatchObject({ code: 'PARTITION_KEY_INVALID', message: keyError!.message });
      const mat = await h.gql('mutation { materialize(selection: "raw/orders", range: { from: "2024-01-02", to: "2024-02-30" }) { __typename ... on UserError { code message } } }');
      expect(mat.body.data?.materialize).toMatchObject({ code: 'PARTITION_KEY_INVALID', message: keyError!.message });
      expect(await h.storage.countRuns()).toBe(0);
      const ok = await h.gql('{ backfillPreview(input: { selection: "raw/orders", partitions: { range: { from: "2024-01-02", to: "2024-01-04" } } }) { assetPartitionCount } }');
      expect(ok.body.data?.backfillPreview.assetPartitionCount).toBe(3);
    } finally {
      await h.close();
    }
  });
});
