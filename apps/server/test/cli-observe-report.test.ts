import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baton, makeProject, removeProject } from './baton-process';

// `baton observe` and `baton report` end to end: real processes on the fixture's SQLite store.
// Each test spawns several `baton` processes in order (each loads the definitions with tsx).
const SPAWNS = 120_000;
describe('baton observe and report', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject('sources');
  });
  afterAll(() => removeProject(dir));

  it('observe stores the source version; a new version makes its reader stale', async () => {
    const first = await baton(['observe'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/raw\/drop +v1/);
    expect((await baton(['materialize', '--select', 'clean/counted'], { cwd: dir })).code).toBe(0);
    expect((await baton(['status', '--select', 'clean/counted'], { cwd: dir })).stdout).toMatch(/clean\/counted +fresh/);
    writeFileSync(`${dir}/drop.txt`, 'v2\n');
    expect((await baton(['observe', '--select', 'raw/drop'], { cwd: dir })).stdout).toMatch(/raw\/drop +v2/);
    // broad clauses select sources for observe (Dagster's include_sources=True), not only exact keys
    const wildcard = await baton(['observe', '--select', 'key:"raw/*"'], { cwd: dir });
    expect(wildcard.code, wildcard.stderr).toBe(0);
    expect(wildcard.stdout).toMatch(/raw\/drop +v2/);
  }, SPAWNS);

  it('explain names the observed version change; observe refuses a selection with no observable source', async () => {
    const explain = await baton(['explain', 'clean/counted'], { cwd: dir });
    expect(explain.stdout).toMatch(/^clean\/counted is stale\n {2}- "clean\/counted" consumed "raw\/drop" at data version "v1"; it now has data version "v2"/);
    const wrong = await baton(['observe', '--select', 'clean/counted'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/has no observable source asset.*raw\/drop/s);
  }, SPAWNS);

  it('report records data made elsewhere: a new data version makes downstream stale, the same one does not', async () => {
    const r = await baton(['report', 'warehouse/loaded', '--data-version', 'load-1', '--metadata', '{"rows": 3}'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^reported warehouse\/loaded: data version load-1/);
    expect((await baton(['materialize', '--select', 'marts/summary'], { cwd: dir })).code).toBe(0);
    await baton(['report', 'warehouse/loaded', '--data-version', 'load-1'], { cwd: dir });
    expect((await baton(['status', '--select', 'marts/summary'], { cwd: dir })).stdout).toMatch(/marts\/summary +fresh/);
    await baton(['report', 'warehouse/loaded'], { cwd: dir });
    expect((await baton(['status', '--select', 'marts/summary'], { cwd: dir })).stdout).toMatch(/marts\/summary +stale/);
  }, SPAWNS);

  it('report: an unknown asset gets a did-you-mean, bad metadata a clear error', async () => {
    const bad = await baton(['report', 'warehouse/loadd'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/did you mean "warehouse\/loaded"/);
    expect((await baton(['report', 'warehouse/loaded', '--metadata', '[1]'], { cwd: dir })).stderr).toMatch(/--metadata must be a JSON object/);
  }, SPAWNS);
});
