import { asset, definitions, sourceAsset } from '@baton/core';
import { planMaterialize } from '@baton/planner';
import { executeRun, memoryIOManager } from '@baton/runner';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { dataOf, startHarness, type Harness } from './harness';

const OBSERVE = `__typename ... on ObserveSuccess { observations { assetKey partitionKey dataVersion error } } ... on UserError { code message hint }`;
const REPORT = `__typename ... on ReportMaterializationSuccess { materialization { assetKey runId dataVersion metadata } } ... on UserError { code message hint }`;

/** observe / reportMaterialization mutations, observation history and the pending marker, through real storage and runs. */
for (const backend of storageBackends()) {
  describe(`observations and reports [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('observe stores versions (history on the asset); a report with a new version makes downstream stale; pending shows on the asset', async () => {
      let version = 'v1';
      const src = sourceAsset({ key: 'src', observe: () => ({ dataVersion: version }) });
      const b = asset({ key: 'b', deps: [src], compute: () => 1 });
      const ext = asset({ key: 'ext', compute: () => undefined });
      const mart = asset({ key: 'mart', deps: [ext], compute: () => 2 });
      const top = asset({ key: 'top', deps: [mart], compute: () => 3 });
      const defs = definitions({ assets: [src, b, ext, mart, top] });
      const h: Harness = await startHarness(backend, defs);
      const io = memoryIOManager();
      const materialize = async (selection: string) => {
        const plan = planMaterialize(defs, await h.storage.loadStateSnapshot(), selection);
        for (const p of plan.runs) {
          const [run] = await h.storage.createRuns([{ assetKeys: p.assetKeys, partition: p.partition, plan: p }]);
          expect((await executeRun({ run: run!, definitions: defs, storage: h.storage, ioManagers: { default: io } })).status).toBe('success');
        }
      };
      try {
        expect(dataOf(await h.gql(`mutation { observe { ${OBSERVE} } }`)).observe).toEqual({ __typename: 'ObserveSuccess', observations: [{ assetKey: 'src', partitionKey: null, dataVersion: 'v1', error: null }] });
        const reported = dataOf(await h.gql(`mutation { reportMaterialization(assetKey: "ext", dataVersion: "load-1", metadata: { rows: 3 }) { ${REPORT} } }`)).reportMaterialization;
        expect(reported).toEqual({ __typename: 'ReportMaterializationSuccess', materialization: { assetKey: 'ext', runId: '', dataVersion: 'load-1', metadata: { rows: 3, 'baton/reported': true } } });
        await materialize('b or mart or top');
        const status = async () => dataOf(await h.gql(`{ b: asset(key: "b") { status } mart: asset(key: "mart") { status } top: asset(key: "top") { status upstreamChangesPending staleCauses { type rootCauses { assetKey type } } } }`));
        expect(await status()).toMatchObject({ b: { status: 'FRESH' }, mart: { status: 'FRESH' }, top: { status: 'FRESH', upstreamChangesPending: false, staleCauses: [] } });

        version = 'v2';
        await h.gql(`mutation { observe(assetKeys: ["src"]) { ${OBSERVE} } }`);
        dataOf(await h.gql(`mutation { reportMaterialization(assetKey: "ext") { ${REPORT} } }`)); // no version: a new unique one
        expect(await status()).toMatchObject({
          b: { status: 'STALE' },
          mart: { status: 'STALE' },
          top: { status: 'FRESH', upstreamChangesPending: true, staleCauses: [{ type: 'upstream-stale', rootCauses: [{ assetKey: 'mart', type: 'upstream-data-changed' }] }] },
        });
        const history = dataOf(await h.gql(`{ asset(key: "src") { observations(first: 5) { nodes { dataVersion } pageInfo { hasNextPage } } } }`)).asset.observations;
        expect(history).toEqual({ nodes: [{ dataVersion: 'v2' }, { dataVersion: 'v1' }], pageInfo: { hasNextPage: false } });

        const preview = dataOf(await h.gql(`{ materializeStalePreview { runs { steps { key skipIfInputsUnchanged } } } }`)).materializeStalePreview;
        expect(preview.runs.flatMap((r: { steps: unknown[] }) => r.steps)).toEqual(expect.arrayContaining([{ key: 'mart', skipIfInputsUnchanged: false }, { key: 'top', skipIfInputsUnchanged: true }]));

        expect(dataOf(await h.gql(`mutation { observe(assetKeys: ["b"]) { ${OBSERVE} } }`)).observe).toMatchObject({ code: 'INVALID_DEFINITION', message: expect.stringContaining('not a source asset') });
        expect(dataOf(await h.gql(`mutation { reportMaterialization(assetKey: "mrt") { ${REPORT} } }`)).reportMaterialization).toMatchObject({ __typename: 'AssetNotFoundError', hint: 'did you mean "mart"?' });
        expect(dataOf(await h.gql(`mutation { reportMaterialization(assetKey: "ext", partitionKey: "p") { ${REPORT} } }`)).reportMaterialization).toMatchObject({ __typename: 'InvalidPartitionError' });
      } finally {
        await h.close();
      }
    });
  });
}
