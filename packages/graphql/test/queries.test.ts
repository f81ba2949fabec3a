import { storageBackends } from '@baton/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopDefinitions } from './fixtures/shop-definitions';
import { dataOf, startHarness, type Harness } from './harness';

/** Every query of the API, over HTTP, against a store seeded through the API's own mutations and a real run coordinator. */
for (const backend of storageBackends()) {
  describe(`queries [${backend.name}]`, () => {
    let h: Harness;
    let firstRunId: string;
    beforeAll(async () => {
      h = await startHarness(backend, shopDefinitions());
      const coordinator = h.startCoordinator();
      const a = dataOf(await h.gql(`mutation { materialize(selection: "raw/customers or marts/customers") { __typename ... on LaunchSuccess { runs { id } } } }`));
      expect(a.materialize.__typename).toBe('LaunchSuccess');
      firstRunId = a.materialize.runs[0].id;
      const b = dataOf(await h.gql(`mutation { materialize(selection: "raw/orders or clean/orders", range: { from: "2024-01-01", to: "2024-01-03" }) { __typename ... on LaunchSuccess { runs { id } } } }`));
      expect(b.materialize.__typename).toBe('LaunchSuccess');
      await coordinator.idle();
    });
    afterAll(async () => {
      await h.close();
      await backend.cleanup();
    });

    it('lists the catalog with filters, search and cursor pagination', async () => {
      const all = dataOf(await h.gql(`{ assets { totalCount nodes { key } pageInfo { hasNextPage endCursor } } }`));
      expect(all.assets.nodes.map((n: { key: string }) => n.key)).toEqual(['clean/orders', 'events/by_customer', 'marts/customers', 'marts/revenue', 'raw/customers', 'raw/orders']);
      expect(all.assets.pageInfo.hasNextPage).toBe(false);

      const p1 = dataOf(await h.gql(`{ assets(first: 4) { totalCount nodes { key } pageInfo { hasNextPage endCursor } } }`));
      expect(p1.assets.nodes).toHaveLength(4);
      expect(p1.assets.pageInfo.hasNextPage).toBe(true);
      const p2 = dataOf(await h.gql(`query($after: String) { assets(first: 4, after: $after) { nodes { key } pageInfo { hasNextPage } } }`, { after: p1.assets.pageInfo.endCursor }));
      expect(p2.assets.nodes.map((n: { key: string }) => n.key)).toEqual(['raw/customers', 'raw/orders']);
      expect(p2.assets.pageInfo.hasNextPage).toBe(false);

      const keys = async (filter: string) =>
        dataOf(await h.gql(`{ assets(filter: ${filter}) { totalCount nodes { key } } }`)).assets.nodes.map((n: { key: string }) => n.key);
      expect(await keys('{ group: "marts" }')).toEqual(['marts/customers', 'marts/revenue']);
      expect(await keys('{ owner: "team:data" }')).toEqual(['raw/orders']);
      expect(await keys('{ kind: "postgres" }')).toEqual(['raw/customers', 'raw/orders']);
      expect(await keys('{ tag: { key: "tier", value: "gold" } }')).toEqual(['marts/customers']);
      expect(await keys('{ tag: { key: "tier", value: "silver" } }')).toEqual([]);
      expect(await keys('{ search: "EXPORTED" }')).toEqual(['raw/orders']);
      expect(await keys('{ search: "customer" }')).toEqual(['events/by_customer', 'marts/customers', 'raw/customers']);
      expect(await keys('{ status: [FRESH], group: "marts" }')).toEqual(['marts/customers']);
      expect(await keys('{ status: [MISSING], group: "marts" }')).toEqual(['marts/revenue']);
    });

    it('returns one asset with its definition, status, latest materialization and history', async () => {
      const d = dataOf(
        await h.gql(`{ asset(key: "raw/orders") {
          key description group owners kinds metadata codeVersion isSource upstreamKeys downstreamKeys status
          tags { key value }
          partitioning { kind description partitionCount dynamicName }
          latestMaterialization { assetKey partitionKey runId dataVersion codeVersion }
          materializations(first: 2) { nodes { partitionKey } pageInfo { hasNextPage endCursor } }
        } }`),
      ).asset;
      expect(d).toMatchObject({
        key: 'raw/orders', description: 'Orders as exported by the shop', group: 'raw', owners: ['team:data'], kinds: ['postgres'],
        metadata: { table: 'orders' }, codeVersion: 'v1', isSource: false, upstreamKeys: [], downstreamKeys: ['clean/orders'],
        status: 'MISSING', tags: [{ key: 'pii', value: 'yes' }],
        partitioning: { kind: 'time-window', partitionCount: 5, dynamicName: null },
        latestMaterialization: { assetKey: 'raw/orders', codeVersion: 'v1' },
      });
      expect(d.partitioning.description).toBe('daily partitions (UTC, from 2024-01-01T00:00:00 to 2024-01-06T00:00:00)');
      expect(d.materializations.nodes).toHaveLength(2);
      expect(d.materializations.pageInfo.hasNextPage).toBe(true);
      const rest = dataOf(await h.gql(`query($c: String) { asset(key: "raw/orders") { materializations(first: 10, after: $c) { nodes { partitionKey } pageInfo { hasNextPage } } } }`, { c: d.materializations.pageInfo.endCursor }));
      expect(rest.asset.materializations.nodes).toHaveLength(1);
      const byKey = dataOf(await h.gql(`{ asset(key: "raw/orders") { materializations(partitionKey: "2024-01-02") { nodes { partitionKey } } } }`));
      expect(byKey.asset.materializations.nodes).toEqual([{ partitionKey: '2024-01-02' }]);
    });

    it('gives partition status as compact ranges in key order', async () => {
      const d = dataOf(await h.gql(`{ asset(key: "clean/orders") { partitionStatus { total counts { fresh missing stale failed inProgress } ranges { status firstKey lastKey count } } } }`));
      expect(d.asset.partitionStatus).toEqual({
        total: 5,
        counts: { fresh: 3, missing: 2, stale: 0, failed: 0, inProgress: 0 },
        ranges: [
          { status: 'FRESH', firstKey: '2024-01-01', lastKey: '2024-01-03', count: 3 },
          { status: 'MISSING', firstKey: '2024-01-04', lastKey: '2024-01-05', count: 2 },
        ],
      });
      // limit: at most that many equal spans, each with its worst status, mixed when it holds several
      const limited = dataOf(await h.gql(`{ asset(key: "clean/orders") { partitionStatus { ranges(limit: 1) { status firstKey lastKey count mixed } } } }`));
      expect(limited.asset.partitionStatus.ranges).toEqual([{ status: 'MISSING', firstKey: '2024-01-01', lastKey: '2024-01-05', count: 5, mixed: true }]);
      const fits = dataOf(await h.gql(`{ asset(key: "clean/orders") { partitionStatus { ranges(limit: 2) { status count mixed } } } }`));
      expect(fits.asset.partitionStatus.ranges).toEqual([{ status: 'FRESH', count: 3, mixed: false }, { status: 'MISSING', count: 2, mixed: false }]);
      const bad = await h.gql(`{ asset(key: "clean/orders") { partitionStatus { ranges(limit: 0) { count } } } }`);
      expect(JSON.stringify(bad)).toMatch(/limit/);
      const un = dataOf(await h.gql(`{ asset(key: "raw/customers") { partitionStatus { total } partitioning { kind } } }`));
      expect(un.asset).toEqual({ partitionStatus: null, partitioning: null });
    });

    it('explains staleness with the root-cause chain', async () => {
      const h2 = await startHarness(backend, shopDefinitions({ customersVersion: 'v2' }), { storage: h.storage });
      try {
        const d = dataOf(await h2.gql(`{ asset(key: "marts/customers") { status upstreamChangesPending staleCauses { assetKey type reason children { assetKey type } rootCauses { assetKey type reason } } } }`));
        // its own code and consumed versions are unchanged: fresh, with upstream changes pending (Dagster's rule)
        expect(d.asset.status).toBe('FRESH');
        expect(d.asset.upstreamChangesPending).toBe(true);
        expect(d.asset.staleCauses[0]).toMatchObject({ assetKey: 'marts/customers', type: 'upstream-stale' });
        expect(d.asset.staleCauses[0].rootCauses).toEqual([expect.objectContaining({ assetKey: 'raw/customers', type: 'code-version-changed' })]);
        expect(d.asset.staleCauses[0].rootCauses[0].reason).toContain('v1');
      } finally {
        await h2.close();
      }
    });

    it('draws lineage for a selection and around one asset, with statuses', async () => {
      const all = dataOf(await h.gql(`{ lineage { nodes { key status } edges { from to } } }`)).lineage;
      expect(all.nodes).toHaveLength(6);
      expect(all.edges).toEqual(
        expect.arrayContaining([{ from: 'raw/orders', to: 'clean/orders' }, { from: 'clean/orders', to: 'marts/revenue' }, { from: 'raw/customers', to: 'marts/customers' }]),
      );
      expect(all.edges).toHaveLength(3);
      const sel = dataOf(await h.gql(`{ lineage(selection: "+marts/customers") { nodes { key status } edges { from to } } }`)).lineage;
      expect(sel).toEqual({
        nodes: [{ key: 'marts/customers', status: 'FRESH' }, { key: 'raw/customers', status: 'FRESH' }],
        edges: [{ from: 'raw/customers', to: 'marts/customers' }],
      });
      const around = dataOf(await h.gql(`{ lineage(around: { assetKey: "clean/orders", upstreamDepth: 1, downstreamDepth: 0 }) { nodes { key } edges { from to } } }`)).lineage;
      expect(around).toEqual({ nodes: [{ key: 'clean/orders' }, { key: 'raw/orders' }], edges: [{ from: 'raw/orders', to: 'clean/orders' }] });
    });

    it('walks partition lineage from one materialization to what it consumed', async () => {
      const clean = dataOf(await h.gql(`{ asset(key: "clean/orders") { materializations(partitionKey: "2024-01-02") { nodes { id provenance { assetKey partitionKey materializationId } } } } }`));
      const m = clean.asset.materializations.nodes[0];
      expect(m.provenance).toEqual([expect.objectContaining({ assetKey: 'raw/orders', partitionKey: '2024-01-02' })]);
      const l = dataOf(await h.gql(`query($id: ID!) { partitionLineage(materializationId: $id, depth: 3) { root { id } nodes { assetKey partitionKey } edges { from to } truncated } }`, { id: m.id })).partitionLineage;
      expect(l.root.id).toBe(m.id);
      expect(l.nodes).toEqual([{ assetKey: 'clean/orders', partitionKey: '2024-01-02' }, { assetKey: 'raw/orders', partitionKey: '2024-01-02' }]);
      expect(l.edges).toEqual([{ from: m.provenance[0].materializationId, to: m.id }]);
      expect(l.truncated).toBe(false);
      expect(dataOf(await h.gql(`{ partitionLineage(materializationId: "999999") { root { id } } }`)).partitionLineage).toBeNull();
    });

    it('lists runs with filters and shows one run with steps and events after a cursor', async () => {
      const runs = dataOf(await h.gql(`{ runs { totalCount nodes { id status assetKeys partition { kind start end } } } }`)).runs;
      expect(runs.totalCount).toBe(2);
      expect(runs.nodes.every((r: { status: string }) => r.status === 'SUCCESS')).toBe(true);
      const ranged = runs.nodes.find((r: { partition: { kind: string } }) => r.partition.kind === 'range');
      expect(ranged.partition).toEqual({ kind: 'range', start: '2024-01-01', end: '2024-01-03' });
      const byAsset = dataOf(await h.gql(`{ runs(filter: { assetKey: "marts/customers", status: [SUCCESS] }) { nodes { id } } }`)).runs.nodes;
      expect(byAsset).toEqual([{ id: firstRunId }]);
      expect(dataOf(await h.gql(`{ runs(filter: { status: [FAILURE] }) { totalCount } }`)).runs.totalCount).toBe(0);
      expect(dataOf(await h.gql(`{ runs(filter: { createdAfter: ${Date.now() + 60_000} }) { totalCount } }`)).runs.totalCount).toBe(0);
      const page = dataOf(await h.gql(`{ runs(first: 1) { nodes { id } pageInfo { hasNextPage endCursor } } }`)).runs;
      expect(page.pageInfo.hasNextPage).toBe(true);

      const run = dataOf(await h.gql(`query($id: ID!) { run(id: $id) { id status durationMs steps { stepKey status durationMs } events(limit: 3) { events { seq type message } cursor hasMore } } }`, { id: firstRunId })).run;
      expect(run.steps.map((s: { stepKey: string }) => s.stepKey).sort()).toEqual(['marts/customers', 'raw/customers']);
      expect(run.steps.every((s: { status: string }) => s.status === 'SUCCESS')).toBe(true);
      expect(run.events.events[0].type).toBe('RUN_QUEUED');
      expect(run.events.hasMore).toBe(true);
      const next = dataOf(await h.gql(`query($id: ID!, $c: String) { run(id: $id) { events(afterSeq: $c) { events { seq type } hasMore } } }`, { id: firstRunId, c: run.events.cursor })).run.events;
      expect(BigInt(next.events[0].seq) > BigInt(run.events.cursor)).toBe(true);
      expect(next.events.at(-1).type).toBe('RUN_SUCCESS');
      expect(next.hasMore).toBe(false);
      expect(dataOf(await h.gql(`{ run(id: "nope") { id } }`)).run).toBeNull();
    });

    it('previews materializeStale and a backfill before launching', async () => {
      const stale = dataOf(await h.gql(`{ materializeStalePreview(selection: "raw/orders or clean/orders") { purpose runCount assetPartitionCount assets { assetKey count ranges { firstKey lastKey } } estimate { wallClockMs confidence } runs(first: 1) { key steps { key reasons { category message } } } } }`)).materializeStalePreview;
      expect(stale).toMatchObject({ purpose: 'materialize-stale', runCount: 2, assetPartitionCount: 4 });
      expect(stale.assets).toEqual([
        { assetKey: 'raw/orders', count: 2, ranges: [{ firstKey: '2024-01-04', lastKey: '2024-01-05' }] },
        { assetKey: 'clean/orders', count: 2, ranges: [{ firstKey: '2024-01-04', lastKey: '2024-01-05' }] },
      ]);
      expect(stale.estimate.wallClockMs).toBeGreaterThan(0);
      expect(stale.runs[0].steps[0].reasons[0].category).toBe('missing');

      const bf = dataOf(await h.gql(`{ backfillPreview(input: { selection: "raw/orders", partitions: { range: { from: "2024-01-01", to: "2024-01-05" } }, reprocess: MISSING, policy: { kind: BATCH, size: 10 } }) { runCount stepCount assets { assetKey count } estimate { confidence notes } } }`)).backfillPreview;
      expect(bf).toMatchObject({ runCount: 1, assets: [{ assetKey: 'raw/orders', count: 2 }] });
      expect(['high', 'medium', 'low', 'none'].map((c) => c.toUpperCase())).toContain(bf.estimate.confidence);
    });

    it('reports the definitions status, including a load error while serving the last good definitions', async () => {
      expect(dataOf(await h.gql(`{ definitionsStatus { ok assetCount error { message } } }`)).definitionsStatus).toEqual({ ok: true, assetCount: 6, error: null });
      const good = h.source;
      h.source = { definitions: good as never, error: { message: 'Unexpected token in assets/orders.ts', file: 'assets/orders.ts', assetKey: 'raw/orders' } };
      try {
        const s = dataOf(await h.gql(`{ definitionsStatus { ok assetCount error { message file assetKey } } assets { totalCount } }`));
        expect(s.definitionsStatus).toEqual({ ok: false, assetCount: 6, error: { message: 'Unexpected token in assets/orders.ts', file: 'assets/orders.ts', assetKey: 'raw/orders' } });
        expect(s.assets.totalCount).toBe(6);
        h.source = { definitions: null, error: new Error('nothing loads') };
        const none = await h.gql(`{ assets { totalCount } }`);
        expect(none.body.errors?.[0]?.extensions?.code).toBe('INVALID_DEFINITION');
        expect(none.body.errors?.[0]?.message).toContain('nothing loads');
      } finally {
        h.source = good;
      }
    });

    it("serves the background type check's errors beside loaded definitions (OFF when none runs)", async () => {
      expect(dataOf(await h.gql(`{ definitionsStatus { typeCheck typeErrors { file } } }`)).definitionsStatus).toEqual({ typeCheck: 'OFF', typeErrors: [] });
      const good = h.source;
      const typeError = { file: 'baton.config.ts', line: 6, column: 16, code: 'TS2769', message: 'No overload matches this call.' };
      h.source = { definitions: good as never, error: null, typeCheck: { status: 'failed', errors: [typeError] } };
      try {
        const s = dataOf(await h.gql(`{ definitionsStatus { ok typeCheck typeErrors { file line column code message } } }`));
        expect(s.definitionsStatus).toEqual({ ok: true, typeCheck: 'FAILED', typeErrors: [typeError] });
      } finally {
        h.source = good;
      }
    });

    it('returns dynamic partition keys', async () => {
      await h.storage.addDynamicPartitions('customers', ['acme', 'globex']);
      h.yoga.signal.notify();
      expect(dataOf(await h.gql(`{ dynamicPartitions(name: "customers") }`)).dynamicPartitions).toEqual(['acme', 'globex']);
    });

    it('answers an unknown asset with ASSET_NOT_FOUND and a did-you-mean hint', async () => {
      const res = await h.gql(`{ asset(key: "raw/order") { key } }`);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'ASSET_NOT_FOUND', hint: 'did you mean "raw/orders"?' });
    });
  });
}
