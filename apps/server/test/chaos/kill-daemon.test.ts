import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, startBaton, stopBaton } from '../baton-process';
import { dailyKeys, sqliteMaterializationCounts, until } from './chaos-env';
import { queueShopRuns } from './queue-runs';

// `baton daemon` executing queued runs is killed with SIGKILL; a new daemon recovers the runs it was
// executing once their heartbeat is 30 s old, and they are re-executed from their failure: each
// partition ends up materialized exactly once.
describe('kill -9 of `baton daemon`', () => {
  const dir = makeProject('shop');
  afterAll(() => removeProject(dir));

  it('a new daemon recovers the orphaned runs; re-executed, every partition is materialized exactly once', async () => {
    const env = { BATON_FIXTURE_SLEEP_MS: '1500' };
    const { createSqliteStorage } = await import('@baton/storage');
    const { reexecuteFromFailure } = await import('@baton/runner');
    const storage = await createSqliteStorage({ projectDir: dir });
    const ready = { cwd: dir, env, ready: /Baton daemon ready/, timeoutMs: 60_000 };
    let second: Awaited<ReturnType<typeof startBaton>> | undefined;
    try {
      const ids = await queueShopRuns(storage, dir, '2024-01-01', '2024-01-04');
      const first = await startBaton(['daemon', '--no-watch', '--max-concurrent', '2'], ready);
      await until(async () => (await storage.listRuns({ statuses: ['running'] })).items.length > 0, 60_000, 'a running run');
      first.child.kill('SIGKILL');
      second = await startBaton(['daemon', '--no-watch', '--max-concurrent', '2'], ready);
      const ended = async () => Promise.all(ids.map(async (id) => (await storage.getRun(id, { withPlan: false }))!));
      await until(async () => (await ended()).every((r) => ['success', 'failure'].includes(r.status)), 90_000, 'every run to end');
      const failed = (await ended()).filter((r) => r.status === 'failure');
      expect(failed.length, second.output()).toBeGreaterThan(0);
      expect(failed.every((r) => /stopped heartbeating/.test(r.error ?? ''))).toBe(true);
      // re-executed (what the UI's Re-execute does): the new runs are queued and the daemon takes them
      const again = await Promise.all(failed.map((r) => reexecuteFromFailure(storage, r.id)));
      const againIds = again.map((r) => r.id);
      await until(async () => (await Promise.all(againIds.map((id) => storage.getRun(id, { withPlan: false })))).every((r) => r?.status === 'success'), 60_000, 're-executed runs to succeed');
      expect(await sqliteMaterializationCounts(dir)).toEqual(Object.fromEntries(dailyKeys(['raw/orders', 'clean/orders'], '2024-01-01', '2024-01-04').map((k) => [k, 1])));
    } finally {
      await storage.close();
      if (second) await stopBaton(second.child);
    }
  }, 300_000);
});
