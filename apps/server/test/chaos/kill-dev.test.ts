import { afterAll, describe, expect, it } from 'vitest';
import { baton, makeProject, removeProject, startBaton, stopBaton } from '../baton-process';
import { dailyKeys, sqliteMaterializationCounts, until } from './chaos-env';

const env = { BATON_FIXTURE_SLEEP_MS: '300' };
const range = ['--from', '2024-01-01', '--to', '2024-01-12'];
const expected = () => Object.fromEntries(dailyKeys(['raw/orders', 'clean/orders'], '2024-01-01', '2024-01-12').map((k) => [k, 1]));

describe('kill -9 of `baton dev` under a following `baton backfill`', () => {
  const dir = makeProject('shop');
  afterAll(() => removeProject(dir));

  it('the backfill notices within 10 s, takes over, and every partition is materialized exactly once', async () => {
    const dev = await startBaton(['dev', '--port', '0', '--no-watch'], { cwd: dir, env, ready: /ready at (\S+) /, timeoutMs: 60_000 });
    let killedAt = 0;
    try {
      const backfill = baton(['backfill', '--select', 'raw/orders+', ...range, '--max-concurrent', '3'], { cwd: dir, env, timeoutMs: 240_000 });
      await until(async () => Object.keys(await sqliteMaterializationCounts(dir).catch(() => ({}))).length >= 4, 60_000, 'a few partitions');
      dev.child.kill('SIGKILL');
      killedAt = Date.now();
      const result = await backfill;
      const out = `${result.stdout}\n${result.stderr}\n--- dev\n${dev.output()}`;
      expect(result.code, out).toBe(0);
      expect(result.stdout, out).toMatch(/stopped: this process takes the backfill over/);
      expect(result.stdout).toMatch(/completed success/);
      expect(await sqliteMaterializationCounts(dir)).toEqual(expected());
    } finally {
      await stopBaton(dev.child);
    }
    expect(killedAt).toBeGreaterThan(0);
  }, 300_000);
});

describe('`baton backfill` and `baton dev` executing the same backfill', () => {
  const dir = makeProject('shop');
  afterAll(() => removeProject(dir));

  it('both claim its runs, each run once: every partition is materialized exactly once', async () => {
    // no server yet: the CLI executes the backfill itself; then a dev server starts and claims runs too
    const backfill = baton(['backfill', '--select', 'raw/orders+', ...range, '--max-concurrent', '4'], { cwd: dir, env, timeoutMs: 240_000 });
    await until(async () => Object.keys(await sqliteMaterializationCounts(dir).catch(() => ({}))).length >= 2, 60_000, 'a few partitions');
    const dev = await startBaton(['dev', '--port', '0', '--no-watch'], { cwd: dir, env, ready: /ready at (\S+) /, timeoutMs: 60_000 });
    try {
      const result = await backfill;
      expect(result.code, `${result.stdout}\n${result.stderr}\n--- dev\n${dev.output()}`).toBe(0);
      expect(await sqliteMaterializationCounts(dir)).toEqual(expected());
    } finally {
      await stopBaton(dev.child);
    }
  }, 300_000);
});
