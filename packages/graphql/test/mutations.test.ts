import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { shopDefinitions } from './fixtures/shop-definitions';
import { dataOf, startHarness } from './harness';

const LAUNCH = `__typename ... on LaunchSuccess { runs { id status assetKeys partition { kind key } } backfill { id } } ... on UserError { code message hint }`;
const RUN = `__typename ... on RunSuccess { run { id status parentRunId } } ... on UserError { code message hint }`;
const BACKFILL = `__typename ... on BackfillSuccess { backfill { id status progress { assetKey targeted done failed inProgress } } } ... on UserError { code message }`;

/** Every mutation over HTTP, with its typed errors. */
for (const backend of storageBackends()) {
  describe(`mutations [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('materialize queues runs, and answers bad input with typed errors', async () => {
      const h = await startHarness(backend, shopDefinitions());
      try {
        const ok = dataOf(await h.gql(`mutation { materialize(selection: "raw/orders", partition: "2024-01-02") { ${LAUNCH} } }`)).materialize;
        expect(ok).toMatchObject({ __typename: 'LaunchSuccess', backfill: null, runs: [{ status: 'QUEUED', assetKeys: ['raw/orders'], partition: { kind: 'key', key: '2024-01-02' } }] });
        expect((await h.storage.getRun(ok.runs[0].id))?.status).toBe('queued');

        const err = async (args: string) => dataOf(await h.gql(`mutation { materialize(${args}) { ${LAUNCH} } }`)).materialize;
        expect(await err('selection: "raw/order"')).toMatchObject({ __typename: 'AssetNotFoundError', code: 'ASSET_NOT_FOUND', hint: 'did you mean "raw/orders"?' });
        expect(await err('selection: "raw/orders", partition: "2024-13-01"')).toMatchObject({ __typename: 'InvalidPartitionError', code: 'PARTITION_KEY_INVALID' });
        expect(await err('selection: "raw/orders", range: { from: "2024-01-04", to: "2024-01-02" }')).toMatchObject({ __typename: 'InvalidPartitionError', code: 'PARTITION_RANGE_INVALID' });
        // no partition: the latest one, as `baton materialize` does (one rule, the planner's planRequest)
        expect(await err('selection: "raw/orders"')).toMatchObject({ __typename: 'LaunchSuccess', runs: [{ assetKeys: ['raw/orders'], partition: { kind: 'key', key: '2024-01-05' } }] });
        // an unpartitioned and a partitioned asset over a range: the range applies to the partitioned one, the other runs once
        const mixed = await err('selection: "raw/customers or raw/orders", range: { from: "2024-01-01", to: "2024-01-02" }');
        expect(mixed.__typename).toBe('LaunchSuccess');
        expect(mixed.runs.flatMap((r: { assetKeys: string[] }) => r.assetKeys).sort()).toEqual(['raw/customers', 'raw/orders']);
        expect(await err('selection: "group:nothing"')).toMatchObject({ __typename: 'InvalidSelectionError', code: 'SELECTION_EMPTY' });
        expect(await err('selection: "key:(("')).toMatchObject({ __typename: 'InvalidSelectionError', code: 'SELECTION_SYNTAX_ERROR' });

        // input validation errors are GraphQL errors with extensions.code
        const empty = await h.gql(`mutation { materialize(selection: "  ") { __typename } }`);
        expect(empty.body.errors?.[0]).toMatchObject({ message: 'Invalid selection: must not be empty', extensions: { code: 'INPUT_INVALID' } });
        const both = await h.gql(`mutation { materialize(selection: "raw/orders", partition: "2024-01-01", range: { from: "2024-01-01", to: "2024-01-02" }) { __typename } }`);
        expect(both.body.errors?.[0]?.message).toBe('Invalid range: pass either partition or range, not both');
      } finally {
        await h.close();
      }
    });

    it('materializeStale plans and queues only what is stale', async () => {
      const h = await startHarness(backend, shopDefinitions());
      try {
        const res = dataOf(await h.gql(`mutation { materializeStale(selection: "raw/customers") { ${LAUNCH} } }`)).materializeStale;
        expect(res.__typename).toBe('LaunchSuccess');
        expect(res.runs.map((r: { assetKeys: string[] }) => r.assetKeys)).toEqual([['raw/customers']]);
        const coordinator = h.startCoordinator();
        await coordinator.idle();
        const again = dataOf(await h.gql(`mutation { materializeStale(selection: "raw/customers") { ${LAUNCH} } }`)).materializeStale;
        expect(again).toMatchObject({ __typename: 'LaunchSuccess', runs: [] });
      } finally {
        await h.close();
      }
    });

    it('cancels and re-executes runs', async () => {
      const h = await startHarness(backend, shopDefinitions({ failCleanOrders: true }));
      try {
        const queued = dataOf(await h.gql(`mutation { materialize(selection: "raw/customers") { ${LAUNCH} } }`)).materialize.runs[0];
        const canceled = dataOf(await h.gql(`mutation($id: ID!) { cancelRun(runId: $id) { ${RUN} } }`, { id: queued.id })).cancelRun;
        expect(canceled).toMatchObject({ __typename: 'RunSuccess', run: { id: queued.id, status: 'CANCELED' } });
        const twice = dataOf(await h.gql(`mutation($id: ID!) { cancelRun(runId: $id) { ${RUN} } }`, { id: queued.id })).cancelRun;
        expect(twice).toMatchObject({ __typename: 'StateConflictError', code: 'RUN_STATE_CONFLICT' });
        expect(dataOf(await h.gql(`mutation { cancelRun(runId: "missing") { ${RUN} } }`)).cancelRun).toMatchObject({ __typename: 'NotFoundError', code: 'RUN_NOT_FOUND' });

        const failing = dataOf(await h.gql(`mutation { materialize(selection: "raw/orders or clean/orders", partition: "2024-01-01") { ${LAUNCH} } }`)).materialize.runs[0];
        const coordinator = h.startCoordinator();
        await coordinator.idle();
        expect((await h.storage.getRun(failing.id))?.status).toBe('failure');
        const re = dataOf(await h.gql(`mutation($id: ID!) { reexecuteRun(runId: $id) { ${RUN} } }`, { id: failing.id })).reexecuteRun;
        expect(re).toMatchObject({ __typename: 'RunSuccess', run: { parentRunId: failing.id } });
        expect((await h.storage.getRun(re.run.id))?.assetKeys).toEqual(['clean/orders']);
        const notFailed = dataOf(await h.gql(`mutation { materialize(selection: "raw/customers") { ${LAUNCH} } }`)).materialize.runs[0];
        await coordinator.idle();
        expect(dataOf(await h.gql(`mutation($id: ID!) { reexecuteRun(runId: $id) { ${RUN} } }`, { id: notFailed.id })).reexecuteRun).toMatchObject({
          __typename: 'StateConflictError',
        });
      } finally {
        await h.close();
      }
    });

    it('launches, lists, cancels, resumes and retries backfills', async () => {
      const h = await startHarness(backend, shopDefinitions({ failCleanOrders: true }));
      try {
        const launched = dataOf(
          await h.gql(`mutation { launchBackfill(input: { selection: "raw/orders or clean/orders", partitions: { range: { from: "2024-01-01", to: "2024-01-03" } }, policy: { kind: PER_PARTITION }, order: NEWEST_FIRST, reprocess: ALL, maxConcurrentRuns: 3 }) { ${BACKFILL} } }`), // 3 runs: all queued at launch (fewer would be queued as runs end)
        ).launchBackfill;
        expect(launched.__typename).toBe('BackfillSuccess');
        expect(launched.backfill.progress).toEqual(
          expect.arrayContaining([{ assetKey: 'raw/orders', targeted: 3, done: 0, failed: 0, inProgress: 0 }]),
        );
        const id = launched.backfill.id;
        const list = dataOf(await h.gql(`{ backfills { nodes { id status runCount } } }`)).backfills.nodes;
        expect(list).toEqual([{ id, status: 'REQUESTED', runCount: 3 }]);
        const one = dataOf(await h.gql(`query($id: ID!) { backfill(id: $id) { id request runs { id status } } }`, { id })).backfill;
        expect(one.runs).toHaveLength(3);
        expect(one.request).toMatchObject({ maxConcurrentRuns: 3 });
        expect(dataOf(await h.gql(`{ runs(filter: { backfillId: "${id}" }) { totalCount } }`)).runs.totalCount).toBe(3);

        const canceled = dataOf(await h.gql(`mutation($id: ID!) { cancelBackfill(backfillId: $id) { ${BACKFILL} } }`, { id })).cancelBackfill;
        expect(canceled).toMatchObject({ __typename: 'BackfillSuccess', backfill: { status: 'CANCELED' } });
        expect(dataOf(await h.gql(`{ runs(filter: { backfillId: "${id}", status: [CANCELED] }) { totalCount } }`)).runs.totalCount).toBe(3);

        const resumed = dataOf(await h.gql(`mutation($id: ID!) { resumeBackfill(backfillId: $id) { ${BACKFILL} } }`, { id })).resumeBackfill;
        expect(resumed).toMatchObject({ __typename: 'BackfillSuccess', backfill: { status: 'REQUESTED' } });
        expect(dataOf(await h.gql(`{ runs(filter: { backfillId: "${id}", status: [QUEUED] }) { totalCount } }`)).runs.totalCount).toBe(3);

        const coordinator = h.startCoordinator();
        await coordinator.idle();
        await coordinator.stop();
        expect(dataOf(await h.gql(`{ runs(filter: { backfillId: "${id}", status: [FAILURE] }) { totalCount } }`)).runs.totalCount).toBe(3);
        const retried = dataOf(await h.gql(`mutation($id: ID!) { retryFailedBackfill(backfillId: $id) { ${BACKFILL} } }`, { id })).retryFailedBackfill;
        expect(retried.__typename).toBe('BackfillSuccess');
        const queued = dataOf(await h.gql(`{ runs(filter: { backfillId: "${id}", status: [QUEUED] }) { nodes { assetKeys parentRunId } } }`)).runs.nodes;
        expect(queued).toHaveLength(3);
        expect(queued.every((r: { assetKeys: string[]; parentRunId: string | null }) => r.assetKeys.join() === 'clean/orders' && r.parentRunId)).toBe(true);

        expect(dataOf(await h.gql(`mutation { cancelBackfill(backfillId: "nope") { ${BACKFILL} } }`)).cancelBackfill).toMatchObject({ __typename: 'NotFoundError', code: 'BACKFILL_NOT_FOUND' });
        const bad = await h.gql(`mutation { launchBackfill(input: { selection: "raw/orders", policy: { kind: BATCH } }) { __typename } }`);
        expect(bad.body.errors?.[0]).toMatchObject({ message: 'Invalid input.policy: a batch policy needs a size', extensions: { code: 'INPUT_INVALID' } });
        const badKeys = await h.gql(`mutation { launchBackfill(input: { selection: "raw/orders", partitions: { all: true, key: "2024-01-01" } }) { __typename } }`);
        expect(badKeys.body.errors?.[0]?.message).toBe('Invalid input.partitions: give exactly one of all, key, keys or range');
      } finally {
        await h.close();
      }
    });

    it('adds and deletes dynamic partitions', async () => {
      const h = await startHarness(backend, shopDefinitions());
      try {
        const DYN = `__typename ... on DynamicPartitionsSuccess { name keys } ... on UserError { code hint }`;
        const added = dataOf(await h.gql(`mutation { addDynamicPartitions(name: "customers", keys: ["acme", "globex", "initech"]) { ${DYN} } }`)).addDynamicPartitions;
        expect(added).toEqual({ __typename: 'DynamicPartitionsSuccess', name: 'customers', keys: ['acme', 'globex', 'initech'] });
        const asset = dataOf(await h.gql(`{ asset(key: "events/by_customer") { dynamicPartitionKeys partitioning { partitionCount dynamicName } partitionStatus { ranges { status count } } } }`)).asset;
        expect(asset).toEqual({ dynamicPartitionKeys: ['acme', 'globex', 'initech'], partitioning: { partitionCount: 3, dynamicName: 'customers' }, partitionStatus: { ranges: [{ status: 'MISSING', count: 3 }] } });
        const deleted = dataOf(await h.gql(`mutation { deleteDynamicPartitions(name: "customers", keys: ["globex"]) { ${DYN} } }`)).deleteDynamicPartitions;
        expect(deleted.keys).toEqual(['acme', 'initech']);
        expect(dataOf(await h.gql(`mutation { addDynamicPartitions(name: "customer", keys: ["x"]) { ${DYN} } }`)).addDynamicPartitions).toEqual({
          __typename: 'InvalidPartitionError', code: 'PARTITIONS_DEFINITION_INVALID', hint: 'did you mean "customers"?',
        });
        const bad = await h.gql(`mutation { addDynamicPartitions(name: "customers", keys: [" padded"]) { __typename } }`);
        expect(bad.body.errors?.[0]).toMatchObject({ message: 'Invalid keys.0: must not start or end with whitespace', extensions: { code: 'INPUT_INVALID' } });
      } finally {
        await h.close();
      }
    });

    it('requires the token for mutations when one is set; queries stay open', async () => {
      const h = await startHarness(backend, shopDefinitions(), { token: 's3cret' });
      try {
        const m = `mutation { materialize(selection: "raw/customers") { __typename } }`;
        const none = await h.gql(m);
        expect(none.status).toBe(401);
        expect(none.body.errors?.[0]).toMatchObject({ message: 'Mutations need an API token', extensions: { code: 'UNAUTHENTICATED' } });
        const wrong = await h.gql(m, {}, { authorization: 'Bearer nope' });
        expect(wrong.status).toBe(401);
        expect(wrong.body.errors?.[0]?.message).toBe('The API token is wrong');
        expect(await h.storage.countRuns()).toBe(0);
        const right = await h.gql(m, {}, { authorization: 'Bearer s3cret' });
        expect(dataOf(right).materialize.__typename).toBe('LaunchSuccess');
        expect(dataOf(await h.gql(`{ assets { totalCount } }`)).assets.totalCount).toBe(6);
      } finally {
        await h.close();
      }
    });
  });
}
