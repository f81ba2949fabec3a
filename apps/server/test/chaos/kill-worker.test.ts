import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, startBaton, stopBaton } from '../baton-process';
import { alive, chaosSchema, dailyKeys, TEST_POSTGRES_URL, until } from './chaos-env';
import { queueShopRuns } from './queue-runs';

// Two `baton worker`s share distributed runs; one is killed with SIGKILL mid-step. The other unlocks
// its step jobs once its liveness is 30 s old and runs them: every run succeeds, each partition once.
describe.skipIf(!TEST_POSTGRES_URL)('kill -9 of a `baton worker`', () => {
  const db = chaosSchema('baton_killworker');
  const dir = makeProject('shop');
  afterAll(async () => {
    removeProject(dir);
    await db.drop();
  });

  it('the surviving worker finishes the dead one\'s steps; nothing lost or duplicated', async () => {
    const env = { ...db.env(TEST_POSTGRES_URL!), BATON_FIXTURE_SLEEP_MS: '1500' };
    const args = ['worker', '--concurrency', '2', '--max-concurrent', '2'];
    const ready = { cwd: dir, env, ready: /Baton worker \S+ ready/, timeoutMs: 60_000 };
    const [a, b] = await Promise.all([startBaton(args, ready), startBaton(args, ready)]);
    const { createPostgresStorage } = await import('@baton/storage');
    const storage = await createPostgresStorage({ url: TEST_POSTGRES_URL!, schema: db.schema });
    try {
      const ids = await queueShopRuns(storage, dir, '2024-01-01', '2024-01-06');
      // A holds a step job: kill it there
      await until(async () => (await db.query<{ n: number }>(`select count(*)::int as n from "${db.jobSchema}"._private_jobs where locked_by is not null`))[0]!.n > 0, 60_000, 'a locked step job');
      a.child.kill('SIGKILL');
      await until(async () => (await Promise.all(ids.map((id) => storage.getRun(id, { withPlan: false })))).every((r) => r && ['success', 'failure', 'canceled'].includes(r.status)), 150_000, 'every run to end').catch(async (error: Error) => {
        const runs = await Promise.all(ids.map((id) => storage.getRun(id, { withPlan: false })));
        throw new Error(`${error.message}: ${runs.map((r) => r?.status).join(', ')}\n--- surviving worker\n${b.output()}`);
      });
      const statuses = await Promise.all(ids.map(async (id) => (await storage.getRun(id, { withPlan: false }))!.status));
      expect(statuses, b.output()).toEqual(ids.map(() => 'success'));
      expect(alive(b.child)).toBe(true);
      const counts = await db.materializationCounts();
      expect(counts).toEqual(Object.fromEntries(dailyKeys(['raw/orders', 'clean/orders'], '2024-01-01', '2024-01-06').map((k) => [k, 1])));
    } finally {
      await storage.close();
      await stopBaton(a.child);
      await stopBaton(b.child);
    }
  }, 300_000);
});
