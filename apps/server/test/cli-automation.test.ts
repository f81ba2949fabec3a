import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baton, eventually, graphql, makeProject, removeProject, startBaton, stopBaton } from './baton-process';

// Automation from the command line, each command spawned as the real `baton` process against the
// `automation` fixture (raw/customers onMissing → marts/customers eager; a schedule and two sensors).
describe('baton schedules, schedule/sensor start|stop, explain --automation, daemon', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject('automation');
  });
  afterAll(() => removeProject(dir));

  it('schedules lists schedules and sensors with status and next tick', async () => {
    const r = await baton(['schedules'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+KIND\s+WHEN\s+TARGET\s+STATUS\s+NEXT TICK\s+LAST TICK/);
    expect(r.stdout).toMatch(/nightly\s+schedule\s+0 2 \* \* \* \(Europe\/Berlin\)\s+raw\/legacy\s+running\s+\d{4}-\d\d-\d\d \d\d:00:00 UTC\s+never/);
    expect(r.stdout).toMatch(/new_files\s+sensor\s+every 45s\s+custom\s+running/);
    expect(r.stdout).toMatch(/legacy_landed\s+sensor\s+every 30s\s+marts\/customers on raw\/legacy\s+running/);
    expect(r.stdout).toMatch(/Declarative conditions: 2 automated asset\(s\), running; last evaluated never/);
    const json = JSON.parse((await baton(['schedules', '--json'], { cwd: dir })).stdout);
    const nightly = json.automations.find((a: { name: string }) => a.name === 'nightly');
    // 02:00 in Berlin is 00:00 or 01:00 UTC (summer / winter time)
    expect(nightly.nextTickAt).toMatch(/T0[01]:00:00Z$/);
    expect(Date.parse(nightly.nextTickAt) - Date.now()).toBeLessThanOrEqual(25 * 3_600_000);
  }, 60_000);

  it('schedule/sensor stop and start change the status every daemon reads', async () => {
    const stop = await baton(['schedule', 'stop', 'nightly'], { cwd: dir });
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout.trim()).toBe('schedule nightly stopped');
    let json = JSON.parse((await baton(['schedules', '--json'], { cwd: dir })).stdout);
    expect(json.automations.find((a: { name: string }) => a.name === 'nightly')).toMatchObject({ status: 'stopped', nextTickAt: null });
    expect((await baton(['schedule', 'stop', 'nightly'], { cwd: dir })).stdout.trim()).toBe('schedule nightly was already stopped');
    expect((await baton(['schedule', 'start', 'nightly'], { cwd: dir })).stdout.trim()).toBe('schedule nightly started');
    expect((await baton(['sensor', 'stop', 'new_files'], { cwd: dir })).stdout.trim()).toBe('sensor new_files stopped');
    json = JSON.parse((await baton(['schedules', '--json'], { cwd: dir })).stdout);
    expect(json.automations.map((a: { name: string; status: string }) => `${a.name}:${a.status}`)).toEqual(['nightly:running', 'new_files:stopped', 'legacy_landed:running']);
    expect((await baton(['sensor', 'start', 'new_files'], { cwd: dir })).stdout.trim()).toBe('sensor new_files started');
  }, 60_000);

  it('unknown names and actions: one line with did-you-mean, exit 2', async () => {
    const typo = await baton(['schedule', 'stop', 'nightli'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('baton: No schedule is named "nightli". did you mean "nightly"?\n');
    const kind = await baton(['sensor', 'start', 'nightly'], { cwd: dir });
    expect(kind.code).toBe(2);
    expect(kind.stderr).toBe('baton: No sensor is named "nightly". "nightly" is a schedule: use `baton schedule …`\n');
    const none = await baton(['sensor', 'stop', 'zzz'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('baton: No sensor is named "zzz". defined sensors: new_files, legacy_landed (see `baton schedules`)\n');
    const action = await baton(['schedule', 'pause', 'nightly'], { cwd: dir });
    expect(action.code).toBe(2);
    expect(action.stderr).toBe('baton: "pause" is not an action of `baton schedule`; use `baton schedule start <name>` or `baton schedule stop <name>`\n');
  }, 60_000);

  it('explain --automation says nothing was evaluated before a daemon ran', async () => {
    const r = await baton(['explain', '--automation', 'marts/customers'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('marts/customers is automated: eager\nmarts/customers: no automation evaluation recorded (does it have an automation condition, and is the daemon running?)\n');
    const plain = await baton(['explain', '--automation', 'raw/legacy'], { cwd: dir });
    expect(plain.stdout).toMatch(/^raw\/legacy has no automation condition: the daemon never requests it on its own/);
    const typo = await baton(['explain', '--automation', 'marts/customer'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean "marts\/customers"\?/);
    const partition = await baton(['explain', '--automation', 'marts/customers', '--partition', '2024-01-01'], { cwd: dir });
    expect(partition.code).toBe(2);
    expect(partition.stderr).toBe('baton: Asset "marts/customers" is not partitioned. leave out --partition\n');
  }, 60_000);

  it('baton daemon runs the automation: missing raw/customers, then marts/customers eagerly; explains why; stops cleanly', async () => {
    const { child, output } = await startBaton(['daemon', '--interval', '400ms'], { cwd: dir, ready: /Baton daemon ready/ });
    let code: number | null = null;
    try {
      expect(output()).toMatch(/Baton daemon ready \(pid \d+; storage: sqlite; 3 asset\(s\), 1 schedule\(s\), 2 sensor\(s\), 2 automated asset\(s\)\)/);
      const runs = await eventually(async () => {
        const list = JSON.parse((await baton(['runs', '--json'], { cwd: dir })).stdout) as { assetKeys: string[]; status: string; tags: Record<string, string> }[];
        return list.filter((r) => r.status === 'success').length >= 2 ? list : undefined;
      }, 45_000); // each `baton runs` starts a process: seconds apiece when the other test worker is busy
      // oldest last: raw/customers was requested first, then the eager mart after it was updated
      expect(runs.map((r) => r.assetKeys.join())).toEqual(['marts/customers', 'raw/customers']);
      expect(runs.every((r) => r.tags['baton/automation'] === 'conditions')).toBe(true);
      expect(output()).toMatch(/automation launched 1 run\(s\): conditions → raw\/customers/);
      expect(output()).toMatch(/automation launched 1 run\(s\): conditions → marts\/customers/);
      // later ticks request nothing more, and say why
      const why = await eventually(async () => {
        const r = await baton(['explain', '--automation', 'marts/customers'], { cwd: dir });
        return /not requested: it is already materialized and no upstream was updated since the previous tick/.test(r.stdout) ? r.stdout : undefined;
      }, 30_000);
      expect(why).toMatch(/^marts\/customers is automated: eager\nmarts\/customers at \d{4}-\d\d-\d\dT[\d:.]+Z: not requested/);
      const fresh = await baton(['explain', '--automation', 'raw/customers'], { cwd: dir });
      expect(fresh.stdout).toMatch(/freshness: fresh — last materialized \d+m ago; the limit is 1h/);
      const listed = await baton(['schedules'], { cwd: dir });
      expect(listed.stdout).toMatch(/new_files\s+sensor\s+every 45s\s+custom\s+running\s+\S+ \S+ UTC\s+\S+ \S+ UTC skipped: no new files/);
      expect(listed.stdout).toMatch(/Declarative conditions: 2 automated asset\(s\), running; last evaluated \S+ \S+ UTC/);
    } finally {
      code = await stopBaton(child);
    }
    expect(code).toBe(0);
    expect(output()).toMatch(/baton: shutting down/);
    const total = JSON.parse((await baton(['runs', '--json'], { cwd: dir })).stdout).length;
    expect(total).toBe(2);
  }, 120_000);
});

describe('baton dev runs the automation daemon', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject('automation');
  });
  afterAll(() => removeProject(dir));

  it('materializes automated assets and shows ticks over the API; stops it on shutdown', async () => {
    const { child, match } = await startBaton(['dev', '--port', '0'], { cwd: dir, env: { BATON_AUTOMATION_INTERVAL_MS: '400' }, ready: /ready at (http:\/\/127\.0\.0\.1:\d+)/ });
    const url = match[1]!;
    let code: number | null = null;
    try {
      const assets = await eventually(async () => {
        const res = await graphql(url, '{ assets { nodes { key status freshness { status } automationEvaluation } } }');
        const nodes = res.data?.assets.nodes as { key: string; status: string; freshness: { status: string }; automationEvaluation: string | null }[] | undefined;
        return nodes?.every((n) => n.key === 'raw/legacy' || n.status === 'FRESH') ? nodes : undefined;
      }, 25_000);
      const byKey = Object.fromEntries(assets.map((a) => [a.key, a]));
      expect(byKey['raw/customers']!.freshness.status).toBe('FRESH');
      expect(byKey['raw/legacy']!.automationEvaluation).toBeNull();
      const ticks = await graphql(url, '{ automationTicks(name: "__conditions", first: 50) { nodes { status runIds } } sensors { name lastTick { status summary } } }');
      expect(ticks.errors).toBeUndefined();
      const launched = ticks.data.automationTicks.nodes.filter((t: { status: string }) => t.status === 'SUCCESS');
      expect(launched.flatMap((t: { runIds: string[] }) => t.runIds)).toHaveLength(2);
      expect(ticks.data.sensors.find((s: { name: string }) => s.name === 'new_files').lastTick).toEqual({ status: 'SKIPPED', summary: 'no new files' });
    } finally {
      code = await stopBaton(child);
    }
    expect(code).toBe(0);
    // the lease was given up on shutdown: a daemon started now acts at once
    const { child: daemon, output } = await startBaton(['daemon', '--interval', '300ms'], { cwd: dir, ready: /Baton daemon ready/ });
    try {
      const before = JSON.parse((await baton(['schedules', '--json'], { cwd: dir })).stdout).conditions.lastTick.timestamp;
      await eventually(async () => JSON.parse((await baton(['schedules', '--json'], { cwd: dir })).stdout).conditions.lastTick.timestamp !== before);
    } finally {
      expect(await stopBaton(daemon)).toBe(0);
    }
    expect(output()).not.toMatch(/automation tick failed/);
  }, 60_000);
});

const pgUrl = process.env.BATON_TEST_POSTGRES_URL?.trim();

describe.skipIf(!pgUrl)('baton daemon on PostgreSQL', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject('automation');
  });
  const schema = `baton_auto_${randomBytes(4).toString('hex')}`;
  const env = { BATON_DATABASE_URL: pgUrl!, BATON_DATABASE_SCHEMA: schema };
  afterAll(async () => {
    removeProject(dir);
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('two daemons on one database: one acts, nothing is requested twice', async () => {
    expect((await baton(['migrate'], { cwd: dir, env })).code).toBe(0);
    const a = await startBaton(['daemon', '--interval', '300ms'], { cwd: dir, env, ready: /Baton daemon ready \(pid \d+; storage: postgres/ });
    const b = await startBaton(['daemon', '--interval', '300ms'], { cwd: dir, env, ready: /Baton daemon ready \(pid \d+; storage: postgres/ });
    try {
      await eventually(async () => {
        const runs = JSON.parse((await baton(['runs', '--json'], { cwd: dir, env })).stdout) as { status: string }[];
        return runs.filter((r) => r.status === 'success').length >= 2;
      }, 30_000);
      // several more ticks with both daemons alive
      await new Promise((r) => setTimeout(r, 2_000));
    } finally {
      expect(await stopBaton(a.child)).toBe(0);
      expect(await stopBaton(b.child)).toBe(0);
    }
    const runs = JSON.parse((await baton(['runs', '--json'], { cwd: dir, env })).stdout) as { assetKeys: string[] }[];
    expect(runs.map((r) => r.assetKeys.join()).sort()).toEqual(['marts/customers', 'raw/customers']);
    const launches = (a.output() + b.output()).match(/automation launched/g) ?? [];
    expect(launches).toHaveLength(2);
  }, 90_000);
});
