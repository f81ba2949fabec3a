import { memoryIOManager, startRunCoordinator } from '@baton/runner';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { qualityDefinitions } from './fixtures/quality-definitions';
import { dataOf, startHarness } from './harness';

const TOKEN = 'catalog-secret';
const NODE_FIELDS = 'key group description owners kinds isSource status checkStatus freshness { status lastMaterializedAt }';

for (const backend of storageBackends()) {
  describe(`catalogTable [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('gives every asset, column by column, the values lineage { nodes } gives for the same fields', async () => {
      const io = memoryIOManager();
      const defs = qualityDefinitions({ minEvents: 1 });
      const storage = await backend.create();
      const h = await startHarness(backend, defs, { storage, token: TOKEN, ioManagers: () => ({ default: io }) });
      const coordinator = startRunCoordinator({ storage, definitions: defs, ioManagers: { default: io }, pollMs: 30, heartbeatMs: 200 });
      try {
        // materialized (checks passing and failing, statuses fresh and missing) and not
        const launched = dataOf(await h.gql(`mutation { materialize(selection: "raw/orders", range: { from: "2024-01-01", to: "2024-01-02" }) { __typename } }`, {}, { authorization: `Bearer ${TOKEN}` }));
        expect(launched.materialize.__typename).toBe('LaunchSuccess');
        await coordinator.idle();
        const both = dataOf(await h.gql(`{ catalogTable lineage { nodes { ${NODE_FIELDS} } } }`));
        expect(both.lineage.nodes.length).toBe(defs.assets.length);
        expect(new Set(both.lineage.nodes.map((n: { checkStatus: string }) => n.checkStatus)).size).toBeGreaterThan(1);
        const c = both.catalogTable;
        const rows = c.keys.map((key: string, i: number) => ({
          key,
          group: c.groups[i],
          description: c.descriptions[i],
          owners: c.owners[i],
          kinds: c.kinds[i],
          isSource: c.isSource[i],
          status: c.status[i],
          checkStatus: c.checkStatus[i],
          freshness: { status: c.freshnessStatus[i], lastMaterializedAt: c.lastMaterializedAt[i] },
        }));
        for (const column of Object.values(c)) expect((column as unknown[]).length).toBe(defs.assets.length);
        expect(rows).toStrictEqual(both.lineage.nodes);
      } finally {
        await coordinator.stop();
        await h.close();
      }
    });
  });
}
