import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baton, makeProject, removeProject } from './baton-process';

// `baton check` and the checks column of `baton status`, spawned as the real process on a fixture
// with a passing and a failing check. Tests share the project and run in order.
describe('baton check', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject('quality');
  });
  afterAll(() => removeProject(dir));

  it('with nothing materialized: reports what was not checked and exits 0', async () => {
    const r = await baton(['check', '--select', 'clean/customers'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('not checked: clean/customers has no stored value (materialize it first)');
    expect(r.stdout).toContain('Nothing to check: no selected asset has a stored value yet.');
  });

  it('a failing blocking check during materialize; status shows the checks column', async () => {
    const m = await baton(['materialize', '--select', 'raw/orders', '--from', '2024-01-01', '--to', '2024-01-03'], { cwd: dir });
    expect(m.code, m.stdout + m.stderr).toBe(0);
    const bad = await baton(['materialize', '--select', 'clean/customers+'], { cwd: dir });
    expect(bad.code).toBe(1);
    const s = await baton(['status'], { cwd: dir });
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/^ASSET\s+STATUS\s+CHECKS\s+WHY/);
    expect(s.stdout).toMatch(/raw\/orders\s+missing\s+warn: email_present \(1 partition\)\s+/);
    expect(s.stdout).toMatch(/clean\/customers\s+failed\s+failing: unique_id\s+the latest attempt failed/);
    expect(s.stdout).toMatch(/marts\/report\s+missing\s+—\s+never materialized/);
    const json = JSON.parse((await baton(['status', '--json', '--select', 'clean/customers'], { cwd: dir })).stdout);
    expect(json[0].checks).toEqual({ status: 'failing', failing: ['unique_id'], text: 'failing: unique_id' });
  });

  it('runs checks on stored values: a table, exit 1 when an error check fails', async () => {
    const r = await baton(['check'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^ASSET\s+PARTITION\s+CHECK\s+SEVERITY\s+RESULT\s+METADATA/);
    expect(r.stdout).toMatch(/raw\/orders\s+2024-01-01\s+not_empty\s+error\s+passed\s+rowCount=1 min=1/);
    expect(r.stdout).toMatch(/raw\/orders\s+2024-01-02\s+email_present\s+warn\s+FAILED\s+column=email nullCount=1 firstRows=\[0\]/);
    expect(r.stdout).toMatch(/clean\/customers\s+—\s+unique_id\s+error\s+FAILED\s+columns=\["id"\] duplicateCount=1 examples=\["1"\]/);
    expect(r.stdout).toContain('Failed: 5 check(s) passed, 1 failed with severity error, 1 with severity warn');
  });

  it('exit 0 when only warn checks fail; --partition; --json', async () => {
    const r = await baton(['check', '--select', 'raw/orders', '--partition', '2024-01-02'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/raw\/orders\s+2024-01-02\s+email_present\s+warn\s+FAILED/);
    expect(r.stdout).not.toContain('2024-01-01');
    expect(r.stdout).toContain('Passed: 1 check(s) passed, 0 failed with severity error, 1 with severity warn');

    const missing = await baton(['check', '--select', 'raw/orders', '--partition', '2024-01-05'], { cwd: dir });
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain('not checked: raw/orders[2024-01-05] has no stored value (materialize it first)');

    const json = await baton(['check', '--json', '--select', 'clean/customers'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      passed: 0,
      failed: 1,
      failedErrors: 1,
      outcomes: [{ assetKey: 'clean/customers', partitionKey: null, checkName: 'unique_id', passed: false, severity: 'error', blocking: true, metadata: { duplicateCount: 1 } }],
      notMaterialized: [],
    });
  });

  it('after fixing the data, the check passes and status clears', async () => {
    const fixed = await baton(['materialize', '--select', 'clean/customers+'], { cwd: dir, env: { BATON_FIXTURE_CLEAN: '1' } });
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    const r = await baton(['check', '--select', 'clean/customers'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/clean\/customers\s+—\s+unique_id\s+error\s+passed/);
    const s = await baton(['status', '--select', 'clean/customers+'], { cwd: dir });
    expect(s.stdout).toMatch(/clean\/customers\s+fresh\s+ok \(1\)\s+up to date/);
    expect(s.stdout).toMatch(/marts\/report\s+fresh\s+—/);
  });

  it('bad input: one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['check', '--select', 'marts/report'], /^baton: No checks are defined on the assets of selection "marts\/report"\. assets with checks: raw\/orders, clean\/customers\n$/],
      [['check', '--select', 'raw/order'], /^baton: .*did you mean "raw\/orders"\?\n$/],
      [['check', '--select', 'raw/orders', '--partition', '2024-13-01'], /^baton: .*2024-13-01.*\n$/],
      [['check', '--select', 'clean/customers', '--partition', '2024-01-01'], /^baton: Partition "2024-01-01" does not apply: none of the selected assets with checks is partitioned\. omit the partition\n$/],
    ];
    for (const [args, stderr] of cases) {
      const r = await baton(args, { cwd: dir });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(stderr);
      expect(r.stdout).toBe('');
    }
  });
});
