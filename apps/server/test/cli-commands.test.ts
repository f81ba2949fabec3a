import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baton, eventually, makeProject, removeProject } from './baton-process';

// The commands end to end, each spawned as the real `baton` process against a fixture project
// with its own SQLite store. Tests in one describe share a project and run in order.
describe('baton materialize, plan, status, explain, lineage, runs, run, prune, migrate', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject('shop');
  });
  afterAll(() => removeProject(dir));

  it('materialize shows one line per step with its duration, a summary, and exits 0', async () => {
    const r = await baton(['materialize', '--select', 'raw/orders+', '--from', '2024-01-01', '--to', '2024-01-03'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✔ raw\/orders\[2024-01-01\.\.\.2024-01-03\] — \d+(\.\d)? m?s/);
    expect(r.stdout).toMatch(/✔ clean\/orders\[2024-01-01\.\.\.2024-01-03\] — \d+(\.\d)? m?s/);
    expect(r.stdout).toMatch(/Succeeded: 2 step\(s\) succeeded, 0 failed, 0 skipped/);
  });

  it('status shows what is fresh, missing and why', async () => {
    const r = await baton(['status'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ASSET\s+STATUS\s+WHY/);
    expect(r.stdout).toMatch(/raw\/orders\s+missing\s+28\/31 missing \(2024-01-04…2024-01-31\), 3\/31 fresh/);
    expect(r.stdout).toMatch(/marts\/revenue\s+missing\s+never materialized/);
    const json = JSON.parse((await baton(['status', '--json', '--select', 'group:marts'], { cwd: dir })).stdout);
    expect(json).toEqual([expect.objectContaining({ asset: 'marts/revenue', status: 'missing' })]);
  });

  it('plan --stale lists runs and reasons without running anything', async () => {
    const r = await baton(['plan', '--stale', '--select', 'marts/revenue'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 run\(s\), 1 step\(s\)/);
    expect(r.stdout).toMatch(/marts\/revenue: "marts\/revenue" has never been materialized/);
    const after = JSON.parse((await baton(['status', '--json', '--select', 'marts/revenue'], { cwd: dir })).stdout);
    expect(after[0].status).toBe('missing');
  });

  it('a failing asset: the step fails, dependents are skipped, exit code 1', async () => {
    const r = await baton(['materialize', '--select', 'raw/orders+', '--partition', '2024-01-05'], { cwd: dir, env: { BATON_FIXTURE_FAIL: 'raw/orders' } });
    expect(r.code).toBe(1);
    const all = r.stdout + r.stderr;
    expect(all).toMatch(/✖ raw\/orders\[2024-01-05\] \[FAILED: raw\/orders failed on purpose\]/);
    expect(all).toMatch(/↓ clean\/orders\[2024-01-05\] \[SKIPPED: upstream step raw\/orders\[2024-01-05\] failed\]/);
    expect(r.stdout).toMatch(/✖ raw\/orders\[2024-01-05\]: raw\/orders failed on purpose/);
    expect(r.stdout).toMatch(/Failed: 0 step\(s\) succeeded, 1 failed, 1 skipped/);
  });

  it('materialize --stale rebuilds the failed and missing partitions, then nothing is left', async () => {
    const r = await baton(['materialize', '--stale', '--select', 'raw/customers+', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('success');
    expect(out.steps.map((s: { step: string }) => s.step).sort()).toEqual(['marts/revenue', 'raw/customers']);
    const again = await baton(['materialize', '--stale', '--select', 'raw/customers+'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing to materialize/);
  });

  it('explain prints the cause chain as an indented tree after a code change upstream', async () => {
    // raw/customers gets new code: it is stale; marts/revenue, which reads it, is fresh (its own code and
    // consumed versions are unchanged) with upstream changes pending, and the chain says why
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = `${dir}/baton.config.ts`;
    writeFileSync(file, readFileSync(file, 'utf8').replace('[{ id: 1 }, { id: 2 }]', '[{ id: 1 }, { id: 2 }, { id: 3 }]'));
    const r = await baton(['explain', 'marts/revenue'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^marts\/revenue is fresh, with upstream changes pending/);
    expect(r.stdout).toMatch(/\n {2}- .*"raw\/customers".*\n {4}- "raw\/customers" has a new code version/);
    const part = await baton(['explain', 'clean/orders', '--partition', '2024-01-02'], { cwd: dir });
    expect(part.stdout).toMatch(/clean\/orders \[2024-01-02\] is fresh/);
    const status = await baton(['status', '--select', 'marts/revenue'], { cwd: dir });
    expect(status.stdout).toMatch(/marts\/revenue +fresh +upstream changes pending: "marts\/revenue" reads "raw\/customers", which is stale/);
  });

  it('lineage prints a text tree', async () => {
    const r = await baton(['lineage', '*'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('raw/orders (partitioned: time-window)\n└─ clean/orders (partitioned: time-window)');
    expect(r.stdout).toContain('raw/customers\n└─ marts/revenue');
    const up = await baton(['lineage', '+marts/revenue', '--json'], { cwd: dir });
    expect(JSON.parse(up.stdout).map((n: { key: string }) => n.key).sort()).toEqual(['marts/revenue', 'raw/customers']);
  });

  it('runs lists runs newest first; run <id> shows steps and logs', async () => {
    const list = JSON.parse((await baton(['runs', '--json'], { cwd: dir })).stdout) as { id: string; status: string; assetKeys: string[] }[];
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list.map((r) => r.status)).toContain('failure');
    const first = list.find((r) => r.assetKeys.includes('clean/orders') && r.status === 'success')!;
    const table = await baton(['runs'], { cwd: dir });
    expect(table.stdout).toMatch(/^RUN\s+STATUS\s+ASSETS\s+PARTITIONS\s+CREATED\s+DURATION/);
    expect(table.stdout).toContain(first.id.slice(0, 8));
    const r = await baton(['run', first.id.slice(0, 8)], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Run ${first.id}: success`);
    expect(r.stdout).toMatch(/clean\/orders\[2024-01-01\.\.\.2024-01-03\]\s+success\s+1/);
    // a non-ranged asset is called once per partition of its step: one log line per day, 3 orders each
    const cleaning = r.stdout.match(/info\s+\[clean\/orders\[2024-01-01\.\.\.2024-01-03\]\] cleaning \d+ orders/g) ?? [];
    expect(cleaning).toHaveLength(3);
    expect(cleaning.every((line) => line.endsWith('cleaning 3 orders'))).toBe(true);
  });

  it('migrate reports the store; prune deletes old events only', async () => {
    const m = await baton(['migrate', '--json'], { cwd: dir });
    expect(JSON.parse(m.stdout)).toMatchObject({ dialect: 'sqlite', status: 'up-to-date' });
    const keep = JSON.parse((await baton(['prune', '--older-than', '30d', '--json'], { cwd: dir })).stdout);
    expect(keep.eventsDeleted).toBe(0);
    await new Promise((r) => setTimeout(r, 1_100));
    const all = JSON.parse((await baton(['prune', '--older-than', '1s', '--json'], { cwd: dir })).stdout);
    expect(all.eventsDeleted).toBeGreaterThan(0);
    // materializations stay: the partitions built above are still fresh
    const status = JSON.parse((await baton(['status', '--json', '--select', 'raw/orders'], { cwd: dir })).stdout);
    expect(status[0].counts.fresh).toBe(3);
  });
});

describe('baton backfill and cancel', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject('shop');
  });
  afterAll(() => removeProject(dir));

  it('--dry-run prints runs, partitions per asset and an estimate, and launches nothing', async () => {
    const r = await baton(['backfill', '--select', 'raw/orders+', '--from', '2024-01-01', '--to', '2024-01-10', '--policy', 'batch:5', '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Dry run: nothing launched/);
    expect(r.stdout).toMatch(/2 run\(s\), 4 step\(s\), 20 asset partition\(s\) over 2 asset\(s\)/);
    expect(r.stdout).toMatch(/raw\/orders\s+10\s+2024-01-01…2024-01-10/);
    expect(r.stdout).toMatch(/Estimated duration: /);
    const runs = JSON.parse((await baton(['runs', '--json'], { cwd: dir })).stdout);
    expect(runs).toEqual([]);
  });

  it('--dry-run says when the range reaches past the partitions that exist instead of clamping silently', async () => {
    const r = await baton(['backfill', '--select', 'raw/orders', '--from', '2024-01-25', '--to', '2024-02-10', '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/7 run\(s\)/);
    expect(r.stdout).toContain('warning: The range 2024-01-25 … 2024-02-10 ends after the last existing partition 2024-01-31 of Daily (UTC) ("raw/orders"); it runs 2024-01-25 to 2024-01-31');
  });

  it('launches, shows progress until done, and --reprocess missing skips what exists', async () => {
    const r = await baton(['backfill', '--select', 'raw/orders+', '--from', '2024-01-01', '--to', '2024-01-06', '--max-concurrent', '2'], { cwd: dir });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Backfill [0-9a-f-]+: 6 run\(s\) over 12 asset partition\(s\)/);
    expect(r.stdout).toMatch(/raw\/orders 6\/6 · clean\/orders 6\/6/);
    expect(r.stdout).toMatch(/completed success/);
    const second = await baton(['backfill', '--select', 'raw/orders+', '--from', '2024-01-01', '--to', '2024-01-08', '--reprocess', 'missing', '--json'], { cwd: dir });
    const out = JSON.parse(second.stdout);
    expect(out.status).toBe('completed_success');
    expect(out.progress['raw/orders'].targeted).toBe(2);
  });

  it('cancel stops a running materialize: the run ends canceled and materialize exits 1', async () => {
    // steps long enough that the cancel lands while they run even on a loaded machine (each `baton` call
    // below starts a process); they stop at once when canceled, so the test does not wait them out
    const running = baton(['materialize', '--select', 'marts/revenue+', '--select', 'raw/customers+'], { cwd: dir, env: { BATON_FIXTURE_SLEEP_MS: '30000' }, timeoutMs: 90_000 });
    const run = await eventually(async () => {
      const runs = JSON.parse((await baton(['runs', '--json', '--status', 'running'], { cwd: dir })).stdout) as { id: string }[];
      return runs[0];
    }, 60_000); // each `baton` call starts a process: seconds apiece on a loaded machine
    const c = await baton(['cancel', run.id.slice(0, 8)], { cwd: dir });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/is canceling/);
    const done = await running;
    expect(done.code).toBe(1);
    const after = JSON.parse((await baton(['run', run.id, '--json'], { cwd: dir })).stdout);
    expect(after.run.status).toBe('canceled');
    // as the API (RUN_STATE_CONFLICT): cancelling an ended run is bad input, exit 2, said on stderr
    const again = await baton(['cancel', run.id], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already ended \(canceled\); nothing to cancel/);
  }, 120_000);
});
