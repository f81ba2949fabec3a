import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { shopDefinitions } from './fixtures/shop-definitions';
import { dataOf, startHarness } from './harness';
import { subscribeSSE } from './sse';

for (const backend of storageBackends()) {
  describe(`subscriptions over SSE [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it("streams a live run's events as they happen, then completes", async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const h = await startHarness(backend, shopDefinitions({ gate }));
      try {
        const runId = dataOf(await h.gql(`mutation { materialize(selection: "raw/customers or marts/customers") { ... on LaunchSuccess { runs { id } } } }`)).materialize.runs[0].id;
        const coordinator = h.startCoordinator();
        const received: { seq: string; type: string; stepKey: string | null; message: string }[] = [];
        const stream = subscribeSSE(h.url, `subscription($id: ID!) { runEvents(runId: $id) { seq type stepKey message } }`, { id: runId });
        let released = false;
        for await (const payload of stream) {
          expect(payload.errors).toBeUndefined();
          received.push(payload.data.runEvents);
          // the step is held open until we have seen it start live
          if (!released && payload.data.runEvents.type === 'STEP_STARTED') {
            expect((await h.storage.getRun(runId))?.status).toBe('running');
            released = true;
            release();
          }
        }
        await coordinator.idle();
        const types = received.map((e) => e.type);
        expect(types[0]).toBe('RUN_QUEUED');
        expect(types).toEqual(expect.arrayContaining(['RUN_STARTED', 'STEP_STARTED', 'MATERIALIZATION', 'STEP_SUCCESS']));
        expect(types.at(-1)).toBe('RUN_SUCCESS');
        expect(types.indexOf('STEP_STARTED')).toBeLessThan(types.indexOf('MATERIALIZATION'));
        for (let i = 1; i < received.length; i++) expect(BigInt(received[i]!.seq) > BigInt(received[i - 1]!.seq)).toBe(true);
        expect(received.filter((e) => e.type === 'MATERIALIZATION').map((e) => e.message)).toEqual(['Materialized raw/customers', 'Materialized marts/customers']);
        // every stored event was delivered exactly once
        expect(received.map((e) => e.seq)).toEqual((await h.storage.eventsForRun(runId)).map((e) => e.seq));

        // afterSeq resumes mid-stream
        const rest: string[] = [];
        for await (const p of subscribeSSE(h.url, `subscription($id: ID!, $after: String) { runEvents(runId: $id, afterSeq: $after) { seq } }`, { id: runId, after: received[2]!.seq })) rest.push(p.data.runEvents.seq);
        expect(rest).toEqual(received.slice(3).map((e) => e.seq));
      } finally {
        release();
        await h.close();
      }
    });

    it('delivers events another process stored while the subscription read the run at once, not after the poll; and reads the run without its plan', async () => {
      const storage = await backend.create();
      let reads = 0;
      const readOptions: unknown[] = [];
      let runId = '';
      // another process ends the run just after the subscription's read of it (its first read after the existence check)
      const raced = new Proxy(storage, {
        get(target, prop, receiver) {
          if (prop !== 'getRun') return Reflect.get(target, prop, receiver) as unknown;
          return async (id: string, options?: { withPlan?: boolean }) => {
            const seen = await target.getRun(id, options);
            if (id === runId && ++reads === 2) {
              readOptions.push(options);
              // the change notification arrives while the subscription is still reading
              let unsubscribe = () => {};
              const notified = new Promise<void>((resolve) => (unsubscribe = target.onEventsAppended(resolve)));
              await target.appendEvents([
                { type: 'LOG', runId, level: 'info', message: 'stored mid-read', timestamp: Date.now() },
                { type: 'RUN_SUCCESS', runId, timestamp: Date.now() },
              ]);
              await notified;
              unsubscribe();
            }
            return seen;
          };
        },
      });
      const h = await startHarness(backend, shopDefinitions(), { storage: raced, pollMs: 10_000 });
      try {
        runId = dataOf(await h.gql(`mutation { materialize(selection: "raw/customers") { ... on LaunchSuccess { runs { id } } } }`)).materialize.runs[0].id;
        await storage.appendEvents([{ type: 'RUN_STARTED', runId, owner: 'another-process', timestamp: Date.now() }]);
        const t0 = performance.now();
        const types: string[] = [];
        for await (const p of subscribeSSE(h.url, `subscription($id: ID!) { runEvents(runId: $id) { type message } }`, { id: runId })) types.push(p.data.runEvents.type);
        expect(types).toEqual(['RUN_QUEUED', 'RUN_STARTED', 'LOG', 'RUN_SUCCESS']);
        expect(performance.now() - t0).toBeLessThan(3_000);
        expect(readOptions).toEqual([{ withPlan: false }]);
      } finally {
        await h.close();
      }
    });

    it('refuses to follow a run that does not exist', async () => {
      const h = await startHarness(backend, shopDefinitions());
      try {
        const payloads: any[] = [];
        for await (const p of subscribeSSE(h.url, `subscription { runEvents(runId: "missing") { seq } }`)) payloads.push(p);
        expect(payloads[0].errors[0]).toMatchObject({ message: 'Run "missing" does not exist', extensions: { code: 'RUN_NOT_FOUND' } });
      } finally {
        await h.close();
      }
    });

    it('streams asset status changes, including runs written by another process', async () => {
      const h = await startHarness(backend, shopDefinitions());
      const abort = new AbortController();
      try {
        const stream = subscribeSSE(h.url, `subscription { assetStatusChanges(selection: "raw/customers") { assetKey status previousStatus seq } }`, {}, abort.signal);
        const first = stream.next();
        await new Promise((r) => setTimeout(r, 300)); // the subscription has taken its baseline
        // another process writes directly to storage (no in-process signal): found by polling
        await h.storage.createRuns([{ id: 'external-run', assetKeys: ['raw/customers'], partition: { kind: 'none' }, plan: null }]);
        await h.storage.appendEvents([
          { type: 'RUN_STARTED', runId: 'external-run', owner: 'cli', timestamp: Date.now() },
          { type: 'STEP_STARTED', runId: 'external-run', stepKey: 'raw/customers', assetKeys: ['raw/customers'], partitionKeys: [], attempt: 1, timestamp: Date.now() },
        ]);
        const change = (await first).value;
        expect(change.data.assetStatusChanges).toMatchObject({ assetKey: 'raw/customers', status: 'IN_PROGRESS', previousStatus: 'MISSING' });
        await h.storage.appendEvents([
          { type: 'MATERIALIZATION', runId: 'external-run', stepKey: 'raw/customers', assetKey: 'raw/customers', partitionKey: null, dataVersion: 'd1', codeVersion: 'v1', metadata: {}, provenance: [], timestamp: Date.now() },
          { type: 'STEP_SUCCESS', runId: 'external-run', stepKey: 'raw/customers', durationMs: 5, timestamp: Date.now() },
          { type: 'RUN_SUCCESS', runId: 'external-run', timestamp: Date.now() },
        ]);
        const next = (await stream.next()).value;
        expect(next.data.assetStatusChanges).toMatchObject({ assetKey: 'raw/customers', status: 'FRESH', previousStatus: 'IN_PROGRESS' });
      } finally {
        abort.abort();
        await h.close();
      }
    });
  });
}
