import type { BatonStorage } from '@baton/core';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { shopDefinitions } from './fixtures/shop-definitions';
import { dataOf, startHarness } from './harness';

/** Wraps the storage port so every call is counted by method name. */
function countingStorage(inner: BatonStorage): { storage: BatonStorage; calls: Map<string, number>; total(): number } {
  const calls = new Map<string, number>();
  const storage = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { storage, calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

for (const backend of storageBackends()) {
  describe(`safety [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('prevents CSRF: simple GETs and form posts need a custom header, JSON POSTs pass', async () => {
      const h = await startHarness(backend, shopDefinitions());
      try {
        const q = encodeURIComponent('{ assets { totalCount } }');
        const bare = await fetch(`${h.url}?query=${q}`, { headers: { accept: 'application/json' } });
        expect(bare.status).toBe(403);
        expect((await bare.json()).errors[0].message).toBe('Required CSRF header(s) not present');
        const form = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${q}` });
        expect(form.status).toBe(403);
        const withHeader = await fetch(`${h.url}?query=${q}`, { headers: { accept: 'application/json', 'x-baton-client': 'script' } });
        expect(withHeader.status).toBe(200);
        expect((await withHeader.json()).data.assets.totalCount).toBe(6);
        expect(dataOf(await h.gql(`{ assets { totalCount } }`)).assets.totalCount).toBe(6);
      } finally {
        await h.close();
      }
    });

    it('enforces the depth and cost limits', async () => {
      const h = await startHarness(backend, shopDefinitions(), { limits: { maxDepth: 5, maxCost: 2_000 } });
      try {
        const deep = await h.gql(`{ asset(key: "marts/customers") { staleCauses { children { children { children { children { reason } } } } } } }`);
        expect(deep.body.errors?.[0]).toMatchObject({ message: 'Query depth 7 exceeds the limit of 5', extensions: { code: 'INPUT_INVALID', limit: { kind: 'depth', max: 5, actual: 7 } } });
        const costly = await h.gql(`query($n: Int) { runs(first: $n) { nodes { id steps { stepKey status } } } }`, { n: 1000 });
        expect(costly.body.errors?.[0]).toMatchObject({ extensions: { code: 'INPUT_INVALID', limit: { kind: 'cost', max: 2000 } } });
        expect(costly.body.errors?.[0]?.message).toMatch(/^Query cost \d+ exceeds the limit of 2000$/);
        const cheap = await h.gql(`query($n: Int) { runs(first: $n) { nodes { id steps { stepKey status } } } }`, { n: 10 });
        expect(dataOf(cheap).runs.nodes).toEqual([]);
        // introspection (GraphiQL) is not counted against the depth limit
        const intro = await h.gql(`{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }`);
        expect(dataOf(intro).__schema.types.length).toBeGreaterThan(10);
      } finally {
        await h.close();
      }
    });

    it('validates arguments with specific messages and extensions.code', async () => {
      const h = await startHarness(backend, shopDefinitions());
      try {
        const first = await h.gql(`{ assets(first: 0) { totalCount } }`);
        expect(first.body.errors?.[0]).toMatchObject({ message: 'Invalid assets.first: must be at least 1', extensions: { code: 'INPUT_INVALID' } });
        const seq = await h.gql(`{ run(id: "x") { id } runs { nodes { events(afterSeq: "abc") { cursor } } } }`);
        expect(seq.body.errors).toBeUndefined();
        const depth = await h.gql(`{ partitionLineage(materializationId: "1", depth: 0) { truncated } }`);
        expect(depth.body.errors?.[0]).toMatchObject({ message: 'Invalid depth: Too small: expected number to be >=1', extensions: { code: 'INPUT_INVALID' } });
        const sel = await h.gql(`{ lineage(selection: "key:((") { nodes { key } } }`);
        expect(sel.body.errors?.[0]?.extensions?.code).toBe('SELECTION_SYNTAX_ERROR');
        const typo = await h.gql(`{ assets { nodes { keyy } } }`);
        expect(typo.body.errors?.[0]?.message).toContain('Cannot query field "keyy"');
      } finally {
        await h.close();
      }
    });

    it('masks unexpected errors', async () => {
      const inner = await backend.create();
      const broken = new Proxy(inner, {
        get(target, prop, receiver) {
          if (prop === 'listRuns') return async () => { throw new Error('connection reset by peer at 10.0.0.7'); };
          return Reflect.get(target, prop, receiver);
        },
      });
      const seen: unknown[] = [];
      const h = await startHarness(backend, shopDefinitions(), { storage: broken, onUnexpectedError: (e) => seen.push(e) });
      try {
        const res = await h.gql(`{ runs { nodes { id } } }`);
        expect(res.body.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL' } });
        expect(JSON.stringify(res.body)).not.toContain('10.0.0.7');
        expect(String(seen[0])).toContain('connection reset');
      } finally {
        await h.close();
      }
    });

    it('reads a bounded number of times from storage for the catalog and lineage, whatever the asset count', async () => {
      const counting = countingStorage(await backend.create());
      const h = await startHarness(backend, shopDefinitions(), { storage: counting.storage });
      try {
        await h.storage.addDynamicPartitions('customers', ['a', 'b']);
        const before = counting.total();
        const lineage = dataOf(await h.gql(`{ lineage { nodes { key status partitionStatus { ranges { status count } } latestMaterialization { id } partitioning { partitionCount } } edges { from to } } }`));
        expect(lineage.lineage.nodes).toHaveLength(6);
        const lineageCalls = counting.total() - before;
        // latest seq (1) + loadStateSnapshot (1); statuses, ranges and latest materializations come from that snapshot
        expect(lineageCalls).toBeLessThanOrEqual(2);
        expect(counting.calls.get('latestMaterializations')).toBeUndefined();
        expect(counting.calls.get('loadStateSnapshot')).toBe(1);

        const mid = counting.total();
        await new Promise((r) => setTimeout(r, 60)); // past the re-check window: one cheap seq check, no new snapshot
        dataOf(await h.gql(`{ assets(first: 50) { totalCount nodes { key status latestMaterialization { id } } } }`));
        const catalogCalls = counting.total() - mid;
        expect(catalogCalls).toBeLessThanOrEqual(1);
        expect(counting.calls.get('loadStateSnapshot')).toBe(1);
      } finally {
        await h.close();
      }
    });

    it('serves a readiness check', async () => {
      const h = await startHarness(backend, shopDefinitions());
      try {
        expect((await fetch(h.url.replace('/graphql', '/ready'))).status).toBe(200);
        h.source = { definitions: null, error: { message: 'broken' } };
        expect((await fetch(h.url.replace('/graphql', '/ready'))).status).toBe(503);
      } finally {
        await h.close();
      }
    });
  });
}
