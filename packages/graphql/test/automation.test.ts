import { createAutomationDaemon, type AutomationDaemon } from '@baton/automation';
import { asset, assetSensor, definitions, eager, maxAge, schedule, sensor, type BatonStorage, type Definitions } from '@baton/core';
import { planMaterialize } from '@baton/planner';
import { eventFactory, storageBackends } from '@baton/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startHarness, type Harness } from './harness';

const TOKEN = 'automation-secret';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const HOUR = 3_600_000;

/** Customers (fresh within an hour) feeding an eager mart; a legacy table with a 2 h limit; one schedule and two sensors. */
function automationDefinitions(): Definitions {
  const customers = asset({ key: 'raw/customers', freshness: maxAge({ hours: 1 }), compute: () => ['acme', 'globex'] });
  const mart = asset({ key: 'marts/customers', ins: { customers }, automation: eager(), compute: (_ctx, { customers }) => customers.length });
  const legacy = asset({ key: 'raw/legacy', freshness: maxAge({ hours: 2 }), compute: () => 1 });
  const plain = asset({ key: 'raw/plain', compute: () => 1 });
  return definitions({
    assets: [customers, mart, legacy, plain],
    schedules: [schedule({ name: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Berlin', target: 'raw/customers', catchUp: 'none' })],
    sensors: [
      sensor({ name: 'new_files', intervalSeconds: 45, evaluate: ({ cursor }) => ({ cursor: `${Number(cursor ?? 0) + 1}`, skipReason: 'no new files' }) }),
      assetSensor({ name: 'customers_landed', assets: ['raw/customers'], target: 'marts/customers' }),
    ],
  });
}

/** Launches requests the way the server does: plan each, create its runs. */
function launcher(storage: BatonStorage, defs: Definitions) {
  return async (requests: readonly { assetKeys: readonly string[]; partitionKeys: readonly string[] | null; tags: Readonly<Record<string, string>> }[]) => {
    const snapshot = await storage.loadStateSnapshot({ now: Date.now() });
    const ids: string[] = [];
    for (const r of requests) {
      const plan = planMaterialize(defs, snapshot, [...r.assetKeys], r.partitionKeys ?? undefined, { tags: r.tags });
      const runs = await storage.createRuns(plan.runs.map((p) => ({ assetKeys: p.assetKeys, partition: p.partition, tags: p.tags, plan: p })));
      ids.push(runs[0]!.id);
    }
    return ids;
  };
}

const berlinTime = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));

for (const backend of storageBackends()) {
  describe(`automation API [${backend.name}]`, () => {
    let h: Harness;
    let daemon: AutomationDaemon;
    let clock = Date.now();
    const defs = automationDefinitions();
    beforeAll(async () => {
      h = await startHarness(backend, defs, { token: TOKEN });
      daemon = createAutomationDaemon({
        storage: h.storage,
        getDefinitions: () => defs,
        launch: launcher(h.storage, defs),
        clock: { now: () => clock, setTimeout: () => 0, clearTimeout: () => {} },
      });
      // raw/customers materialized through the API; raw/legacy three hours ago
      const coordinator = h.startCoordinator();
      const launched = dataOf(await h.gql(`mutation { materialize(selection: "raw/customers") { __typename } }`, {}, AUTH));
      expect(launched.materialize.__typename).toBe('LaunchSuccess');
      await coordinator.idle();
      const [old] = await h.storage.createRuns([{ assetKeys: ['raw/legacy'], partition: { kind: 'none' }, plan: {} }]);
      const e = eventFactory(old!.id, Date.now() - 3 * HOUR);
      await h.storage.appendEvents([e.runStarted(), e.stepStarted('raw/legacy', ['raw/legacy']), e.materialization('raw/legacy', null), e.stepSuccess('raw/legacy'), e.runEnded('RUN_SUCCESS')]);
    });
    afterAll(async () => {
      await daemon.stop();
      await h.close();
      await backend.cleanup();
    });

    it('lists schedules and sensors with status and next tick', async () => {
      const before = Date.now();
      const data = dataOf(
        await h.gql(`{
          schedules { name kind cron timezone target catchUp status nextTickAt lastTick { id } }
          sensors { name kind sensorType intervalSeconds target watchedAssets status nextTickAt lastTick { id } }
        }`),
      );
      expect(data.schedules).toHaveLength(1);
      const nightly = data.schedules[0];
      expect(nightly).toMatchObject({ name: 'nightly', kind: 'schedule', cron: '0 2 * * *', timezone: 'Europe/Berlin', target: 'raw/customers', catchUp: 'NONE', status: 'RUNNING', lastTick: null });
      // the next 02:00 on Berlin's wall clock, within the coming day
      expect(berlinTime(nightly.nextTickAt)).toBe('02:00');
      expect(nightly.nextTickAt).toBeGreaterThan(before);
      expect(nightly.nextTickAt).toBeLessThanOrEqual(before + 25 * HOUR);
      expect(data.sensors.map((s: { name: string }) => s.name)).toEqual(['new_files', 'customers_landed']);
      expect(data.sensors[1]).toMatchObject({ kind: 'sensor', sensorType: 'ASSET', target: 'marts/customers', watchedAssets: ['raw/customers'], status: 'RUNNING', intervalSeconds: 30 });
      // never evaluated: due now
      expect(data.sensors[0].nextTickAt).toBeGreaterThanOrEqual(before);
      expect(data.sensors[0].nextTickAt).toBeLessThanOrEqual(Date.now());
    });

    it('shows freshness, the condition and the latest evaluation on assets', async () => {
      const q = `{ assets { nodes { key freshness { status reason lastMaterializedAt nextChangeAt } automationCondition { text json } automationEvaluation } } }`;
      const byKey = (d: any) => Object.fromEntries(d.assets.nodes.map((n: { key: string }) => [n.key, n]));
      let assets = byKey(dataOf(await h.gql(q)));
      const fresh = assets['raw/customers'].freshness;
      expect(fresh.status).toBe('FRESH');
      expect(fresh.reason).toMatch(/^last materialized \d+m ago; the limit is 1h$/);
      expect(fresh.nextChangeAt).toBe(fresh.lastMaterializedAt + HOUR);
      expect(assets['raw/legacy'].freshness).toMatchObject({ status: 'OVERDUE', reason: 'last materialized 3h ago; the limit is 2h', nextChangeAt: null });
      expect(assets['raw/plain'].freshness).toMatchObject({ status: 'UNKNOWN', reason: 'no freshness policy' });
      expect(assets['marts/customers'].automationCondition.text).toBe('eager');
      expect(assets['marts/customers'].automationCondition.json).toMatchObject({ kind: 'and', label: 'eager' });
      expect(assets['raw/customers'].automationCondition).toBeNull();
      expect(assets['marts/customers'].automationEvaluation).toMatch(/no automation evaluation recorded/);
      expect(assets['raw/customers'].automationEvaluation).toBeNull();

      const outcome = await daemon.tick();
      expect(outcome.acted).toBe(true);
      assets = byKey(dataOf(await h.gql(q)));
      // first evaluation: the mart is missing and its upstream exists, so eager requests it
      expect(assets['marts/customers'].automationEvaluation).toMatch(/^marts\/customers at \S+: requested/);
    });

    it('records ticks per schedule, sensor and the conditions, newest first with pagination', async () => {
      const conditions = dataOf(await h.gql(`{ automationTicks(name: "__conditions") { nodes { id name status runIds summary requests { assetKeys partitionKeys } evaluation error } pageInfo { hasNextPage } } }`)).automationTicks;
      expect(conditions.nodes).toHaveLength(1);
      const [tick] = conditions.nodes;
      expect(tick).toMatchObject({ name: '__conditions', status: 'SUCCESS', requests: [{ assetKeys: ['marts/customers'], partitionKeys: null }], error: null });
      expect(tick.runIds).toHaveLength(1);
      expect((await h.storage.getRun(tick.runIds[0]))?.assetKeys).toEqual(['marts/customers']);
      expect(tick.summary).toBe('evaluated 1 asset(s); requested 1 asset(s): marts/customers');
      expect(tick.evaluation.assets[0]).toMatchObject({ assetKey: 'marts/customers', requestedCount: 1 });

      const data = dataOf(await h.gql(`{ schedules { status lastTick { status summary } } sensors { name nextTickAt lastTick { status summary timestamp } } }`));
      expect(data.schedules[0].lastTick.status).toBe('SKIPPED');
      const files = data.sensors[0];
      expect(files.lastTick).toMatchObject({ status: 'SKIPPED', summary: 'no new files', timestamp: clock });
      expect(files.nextTickAt).toBe(clock + 45_000);

      for (let i = 0; i < 2; i++) {
        clock += 60_000;
        await daemon.tick();
      }
      const p1 = dataOf(await h.gql(`{ automationTicks(name: "new_files", first: 2) { nodes { timestamp summary } pageInfo { hasNextPage endCursor } } }`)).automationTicks;
      expect(p1.nodes.map((n: { timestamp: number }) => n.timestamp)).toEqual([clock, clock - 60_000]);
      expect(p1.pageInfo.hasNextPage).toBe(true);
      const p2 = dataOf(await h.gql(`query($after: String) { automationTicks(name: "new_files", first: 2, after: $after) { nodes { timestamp } pageInfo { hasNextPage } } }`, { after: p1.pageInfo.endCursor })).automationTicks;
      expect(p2.nodes.map((n: { timestamp: number }) => n.timestamp)).toEqual([clock - 120_000]);
      expect(p2.pageInfo.hasNextPage).toBe(false);

      const unknown = await h.gql(`{ automationTicks(name: "new_file") { nodes { id } } }`);
      expect(unknown.body.errors?.[0]).toMatchObject({ message: 'No schedule or sensor is named "new_file". did you mean "new_files"?', extensions: { code: 'AUTOMATION_NOT_FOUND' } });
      const bad = await h.gql(`{ automationTicks(name: "new_files", first: 0) { nodes { id } } }`);
      expect(bad.body.errors?.[0]?.extensions?.code).toBe('INPUT_INVALID');
    });

    it('starts and stops schedules and sensors (token required), with typed errors', async () => {
      const SCHEDULE = `__typename ... on ScheduleSuccess { schedule { name status nextTickAt } } ... on UserError { code message hint }`;
      const SENSOR = `__typename ... on SensorSuccess { sensor { name status nextTickAt } } ... on UserError { code message hint }`;
      const noToken = await h.gql(`mutation { stopSchedule(name: "nightly") { __typename } }`);
      expect(noToken.status).toBe(401);
      expect(noToken.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await h.storage.getAutomationState('nightly'))?.status).toBe('running');

      const stopped = dataOf(await h.gql(`mutation { stopSchedule(name: "nightly") { ${SCHEDULE} } }`, {}, AUTH)).stopSchedule;
      expect(stopped).toEqual({ __typename: 'ScheduleSuccess', schedule: { name: 'nightly', status: 'STOPPED', nextTickAt: null } });
      expect((await h.storage.getAutomationState('nightly'))?.status).toBe('stopped');
      expect(dataOf(await h.gql(`{ schedules { status } }`)).schedules[0].status).toBe('STOPPED');
      // a stopped schedule is not evaluated: no new tick
      const ticksBefore = (await h.storage.listTicks('nightly')).items.length;
      clock += 60_000;
      await daemon.tick();
      expect((await h.storage.listTicks('nightly')).items.length).toBe(ticksBefore);

      const started = dataOf(await h.gql(`mutation { startSchedule(name: "nightly") { ${SCHEDULE} } }`, {}, AUTH)).startSchedule;
      expect(started.schedule.status).toBe('RUNNING');
      expect(berlinTime(started.schedule.nextTickAt)).toBe('02:00');
      // starting clears the cursor: no catch-up of the stopped period
      expect((await h.storage.getAutomationState('nightly'))?.cursor).toBeNull();

      const sensorStopped = dataOf(await h.gql(`mutation { stopSensor(name: "new_files") { ${SENSOR} } }`, {}, AUTH)).stopSensor;
      expect(sensorStopped).toMatchObject({ __typename: 'SensorSuccess', sensor: { status: 'STOPPED', nextTickAt: null } });
      const sensorStarted = dataOf(await h.gql(`mutation { startSensor(name: "new_files") { ${SENSOR} } }`, {}, AUTH)).startSensor;
      expect(sensorStarted.sensor.status).toBe('RUNNING');

      const typo = dataOf(await h.gql(`mutation { startSchedule(name: "nighty") { ${SCHEDULE} } }`, {}, AUTH)).startSchedule;
      expect(typo).toEqual({ __typename: 'NotFoundError', code: 'AUTOMATION_NOT_FOUND', message: 'No schedule is named "nighty". did you mean "nightly"?', hint: 'did you mean "nightly"?' });
      const wrongKind = dataOf(await h.gql(`mutation { stopSensor(name: "nightly") { ${SENSOR} } }`, {}, AUTH)).stopSensor;
      expect(wrongKind).toMatchObject({ __typename: 'NotFoundError', code: 'AUTOMATION_NOT_FOUND', hint: '"nightly" is a schedule' });
      expect(await h.storage.getAutomationState('nighty')).toBeUndefined();
    });
  });
}
