import type { BatonStorage } from '@baton/core';
import { memoryIOManager, startRunCoordinator } from '@baton/runner';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { qualityDefinitions, type QualityKnobs } from './fixtures/quality-definitions';
import { dataOf, startHarness, type Harness } from './harness';

const TOKEN = 'checks-secret';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const RUN_CHECKS = `__typename ... on RunChecksSuccess { passed failed failedErrors ok outcomes { assetKey partitionKey checkName passed severity blocking metadata } notMaterialized { assetKey partitionKey } } ... on UserError { code message hint }`;

/** Counts storage calls by method name. */
function counting(inner: BatonStorage): { storage: BatonStorage; calls: Map<string, number> } {
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
  return { storage, calls };
}

for (const backend of storageBackends()) {
  describe(`checks [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    /** A harness whose runs and runChecks share one memory IO manager; everything materialized once. */
    async function materialized(knobs: QualityKnobs): Promise<{ h: Harness; calls: Map<string, number> }> {
      const io = memoryIOManager();
      const defs = qualityDefinitions(knobs);
      const { storage, calls } = counting(await backend.create());
      const h = await startHarness(backend, defs, { storage, token: TOKEN, ioManagers: () => ({ default: io }) });
      const coordinator = startRunCoordinator({ storage, definitions: defs, ioManagers: { default: io }, pollMs: 30, heartbeatMs: 200 });
      try {
        const launch = `__typename ... on LaunchSuccess { runs { id } } ... on UserError { message }`;
        expect(dataOf(await h.gql(`mutation { materialize(selection: "raw/orders", range: { from: "2024-01-01", to: "2024-01-03" }) { ${launch} } }`, {}, AUTH)).materialize.__typename).toBe('LaunchSuccess');
        expect(dataOf(await h.gql(`mutation { materialize(selection: "clean/customers+ or raw/events") { ${launch} } }`, {}, AUTH)).materialize.__typename).toBe('LaunchSuccess');
        await coordinator.idle();
      } finally {
        await coordinator.stop();
      }
      return { h, calls };
    }

    it('shows checks with their latest results, per partition, with history and a check status', async () => {
      const { h } = await materialized({ minEvents: 1 });
      try {
        const assets = dataOf(
          await h.gql(`{
            orders: asset(key: "raw/orders") { status checkStatus checks { name description severity blocking status failedPartitionCount latestResult { passed severity partitionKey runId timestamp metadata } } }
            day1: asset(key: "raw/orders") { checks(partitionKey: "2024-01-01") { name status failedPartitionCount latestResult { passed partitionKey metadata } } }
            day2: asset(key: "raw/orders") { checks(partitionKey: "2024-01-02") { name status latestResult { passed partitionKey metadata } } }
            customers: asset(key: "clean/customers") { status checkStatus checks { name severity blocking status latestResult { passed metadata runId } } }
            report: asset(key: "marts/report") { status checkStatus checks { name } }
            events: asset(key: "raw/events") { status checkStatus }
          }`),
        );
        // partitioned: the warn check failed on one of three days
        expect(assets.orders.status).toBe('FRESH');
        expect(assets.orders.checkStatus).toBe('WARN');
        const [notEmpty, email] = assets.orders.checks;
        expect(notEmpty).toMatchObject({ name: 'not_empty', description: 'at least one order per day', severity: 'ERROR', blocking: true, status: 'HEALTHY', failedPartitionCount: 0 });
        expect(notEmpty.latestResult).toMatchObject({ passed: true, severity: 'ERROR', metadata: { rowCount: 1, min: 1 } });
        expect(typeof notEmpty.latestResult.runId).toBe('string');
        expect(notEmpty.latestResult.timestamp).toBeGreaterThan(Date.now() - 60_000);
        expect(email).toMatchObject({ name: 'email_present', severity: 'WARN', blocking: false, status: 'WARN', failedPartitionCount: 1 });
        expect(assets.day1.checks[1]).toMatchObject({ status: 'HEALTHY', failedPartitionCount: 0, latestResult: { passed: true, partitionKey: '2024-01-01' } });
        expect(assets.day2.checks[1]).toMatchObject({ status: 'WARN', latestResult: { passed: false, partitionKey: '2024-01-02', metadata: { column: 'email', nullCount: 1, firstRows: [0] } } });

        // a failing blocking error check: the materialization counts as failed, its downstream was skipped
        expect(assets.customers).toMatchObject({ status: 'FAILED', checkStatus: 'FAILING' });
        expect(assets.customers.checks[0]).toMatchObject({ name: 'unique_id', severity: 'ERROR', blocking: true, status: 'FAILING', latestResult: { passed: false, metadata: { duplicateCount: 1 } } });
        expect(assets.report).toMatchObject({ status: 'MISSING', checkStatus: 'NONE', checks: [] });
        expect(assets.events).toMatchObject({ status: 'FRESH', checkStatus: 'HEALTHY' });

        // history, newest first, paginated, per check and partition
        const page1 = dataOf(await h.gql(`{ asset(key: "raw/orders") { checkHistory(checkName: "email_present", first: 2) { nodes { checkName partitionKey passed } pageInfo { endCursor hasNextPage } } } }`)).asset.checkHistory;
        expect(page1.nodes).toHaveLength(2);
        expect(page1.pageInfo.hasNextPage).toBe(true);
        const page2 = dataOf(await h.gql(`query($after: String) { asset(key: "raw/orders") { checkHistory(checkName: "email_present", first: 2, after: $after) { nodes { partitionKey } pageInfo { hasNextPage } } } }`, { after: page1.pageInfo.endCursor })).asset.checkHistory;
        expect(page2).toMatchObject({ nodes: [expect.anything()], pageInfo: { hasNextPage: false } });
        expect([...page1.nodes, ...page2.nodes].map((n: { partitionKey: string }) => n.partitionKey).sort()).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
        const one = dataOf(await h.gql(`{ asset(key: "raw/orders") { checkHistory(partitionKey: "2024-01-02") { nodes { checkName passed } } } }`)).asset.checkHistory.nodes;
        expect(one.map((n: { checkName: string }) => n.checkName).sort()).toEqual(['email_present', 'not_empty']);

        const typo = await h.gql(`{ asset(key: "raw/orders") { checkHistory(checkName: "emial_present") { nodes { id } } } }`);
        expect(typo.body.errors?.[0]).toMatchObject({ message: 'Asset "raw/orders" has no check named "emial_present"', extensions: { code: 'INPUT_INVALID', hint: 'did you mean "email_present"?' } });
        const badKey = await h.gql(`{ asset(key: "raw/orders") { checks(partitionKey: "2024-13-01") { name } } }`);
        expect(badKey.body.errors?.[0]?.extensions?.code).toBe('PARTITION_KEY_INVALID');
        const unpartitioned = await h.gql(`{ asset(key: "raw/events") { checks(partitionKey: "x") { name } } }`);
        expect(unpartitioned.body.errors?.[0]?.message).toBe('Asset "raw/events" is not partitioned, so it has no partition "x"');
      } finally {
        await h.close();
      }
    });

    it('gives lineage nodes a check status with one storage read for all of them', async () => {
      const { h, calls } = await materialized({ minEvents: 1 });
      try {
        calls.clear();
        const nodes = dataOf(await h.gql(`{ lineage { nodes { key status checkStatus } } }`)).lineage.nodes as { key: string; checkStatus: string }[];
        expect(Object.fromEntries(nodes.map((n) => [n.key, n.checkStatus]))).toEqual({
          'raw/orders': 'WARN',
          'clean/customers': 'FAILING',
          'marts/report': 'NONE',
          'raw/events': 'HEALTHY',
        });
        expect(calls.get('latestCheckResults')).toBe(1);
        expect(calls.get('checkResultHistory')).toBeUndefined();
      } finally {
        await h.close();
      }
    });

    it('runChecks runs checks on stored values: counts, stored results, fresh but failing, typed errors, token', async () => {
      const knobs = { minEvents: 1 };
      const { h } = await materialized(knobs);
      try {
        const ok = dataOf(await h.gql(`mutation { runChecks(selection: "raw/events") { ${RUN_CHECKS} } }`, {}, AUTH)).runChecks;
        expect(ok).toMatchObject({ __typename: 'RunChecksSuccess', passed: 1, failed: 0, failedErrors: 0, ok: true, outcomes: [{ assetKey: 'raw/events', checkName: 'enough_events', passed: true, severity: 'ERROR', metadata: { rows: 2, min: 1 } }] });

        // the data did not change but the expectation did: still FRESH, now visibly FAILING its checks
        knobs.minEvents = 5;
        const bad = dataOf(await h.gql(`mutation { runChecks(selection: "raw/events") { ${RUN_CHECKS} } }`, {}, AUTH)).runChecks;
        expect(bad).toMatchObject({ passed: 0, failed: 1, failedErrors: 1, ok: false, outcomes: [{ passed: false, metadata: { rows: 2, min: 5 } }] });
        const events = dataOf(await h.gql(`{ asset(key: "raw/events") { status checkStatus checks { latestResult { passed runId } } checkHistory { nodes { passed runId } } } }`)).asset;
        expect(events).toMatchObject({ status: 'FRESH', checkStatus: 'FAILING', checks: [{ latestResult: { passed: false, runId: null } }] });
        expect(events.checkHistory.nodes.map((n: { passed: boolean; runId: string | null }) => [n.passed, n.runId === null])).toEqual([[false, true], [true, true], [true, false]]);

        // one partition: the warn failure does not make it fail; an unmaterialized partition is reported
        const day2 = dataOf(await h.gql(`mutation { runChecks(selection: "raw/orders", partition: "2024-01-02") { ${RUN_CHECKS} } }`, {}, AUTH)).runChecks;
        expect(day2).toMatchObject({ passed: 1, failed: 1, failedErrors: 0, ok: true, notMaterialized: [] });
        expect(day2.outcomes.map((o: { partitionKey: string }) => o.partitionKey)).toEqual(['2024-01-02', '2024-01-02']);

        const err = async (args: string) => dataOf(await h.gql(`mutation { runChecks(${args}) { ${RUN_CHECKS} } }`, {}, AUTH)).runChecks;
        expect(await err('selection: "marts/report"')).toMatchObject({ __typename: 'InvalidSelectionError', code: 'SELECTION_EMPTY', message: expect.stringContaining('No checks are defined on the assets of selection "marts/report"') });
        expect((await err('selection: "marts/report"')).hint).toContain('raw/orders');
        expect(await err('selection: "raw/order"')).toMatchObject({ __typename: 'AssetNotFoundError', hint: 'did you mean "raw/orders"?' });
        expect(await err('selection: "raw/orders", partition: "2024-13-01"')).toMatchObject({ __typename: 'InvalidPartitionError', code: 'PARTITION_KEY_INVALID' });
        expect(await err('selection: "raw/events", partition: "2024-01-01"')).toMatchObject({ __typename: 'InvalidPartitionError', hint: 'omit the partition' });
        const empty = await h.gql(`mutation { runChecks(selection: " ") { __typename } }`, {}, AUTH);
        expect(empty.body.errors?.[0]).toMatchObject({ message: 'Invalid selection: must not be empty', extensions: { code: 'INPUT_INVALID' } });

        const anonymous = await h.gql(`mutation { runChecks(selection: "raw/events") { __typename } }`);
        expect(anonymous.status).toBe(401);
        expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      } finally {
        await h.close();
      }
    });
  });
}
