import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baton, makeProject, removeProject } from './baton-process';

// Impossible calendar dates (issue 17): a range end gets the same error as a single key, never a
// silent rollover (2024-02-30 read as 2024-03-01).
describe('impossible dates in partition ranges', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject('shop');
  });
  afterAll(() => removeProject(dir));

  it('--from / --to refuse 02-30 and 02-31 with the error a single --partition gets', async () => {
    const [single, from, to] = await Promise.all([
      baton(['materialize', '--select', 'raw/orders', '--partition', '2024-02-30'], { cwd: dir, timeoutMs: 60_000 }),
      baton(['backfill', '--select', 'raw/orders', '--from', '2024-02-30', '--to', '2024-03-05', '--dry-run'], { cwd: dir, timeoutMs: 60_000 }),
      baton(['backfill', '--select', 'raw/orders', '--from', '2024-01-20', '--to', '2024-02-31', '--dry-run'], { cwd: dir, timeoutMs: 60_000 }),
    ]);
    expect(single.code).toBe(2);
    const keyError = /Partition "2024-02-30" is not a key of asset "raw\/orders"[^\n]*/.exec(single.stderr)?.[0];
    expect(keyError, single.stderr).toBeDefined();
    expect(from.code, from.stdout).toBe(2);
    expect(from.stderr).toContain(keyError);
    expect(from.stdout).toBe('');
    expect(to.code, to.stdout).toBe(2);
    expect(to.stderr).toContain(keyError!.replaceAll('2024-02-30', '2024-02-31'));
  }, 90_000);

  it('a real range still works (leap day included)', async () => {
    const r = await baton(['backfill', '--select', 'raw/orders', '--from', '2024-01-29', '--to', '2024-01-31', '--dry-run'], { cwd: dir, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3');
  }, 90_000);
});
