import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, startBaton, stopBaton } from '../baton-process';
import { alive, chaosSchema, dailyKeys, TEST_POSTGRES_URL, until } from './chaos-env';
import { queueShopRuns } from './queue-runs';

// Two `baton worker`s (each also hands queued runs to the job queue) share distributed runs; the one
// holding a step job is killed with SIGKILL mid-step. The other takes it for dead once it has been
// silent `--dead-after` seconds, unlocks its step jobs and runs them: every run succeeds, each
// partition is materialized once, and no run is left queued or `starting`. A worker killed between
// claiming a run and handing it to the queue leaves it `starting` and never started: crash recovery
// (30 s) puts it back in the queue and a surviving worker runs it (one run is claimed that way, by a
// process that never hands it over, every time; the kill may leave another).
describe.skipIf(!TEST_POSTGRES_URL)('kill -9 of a `baton worker` mid-step', () => {
  const db = chaosSchema('baton_killworker');
  const dir = makeProject('shop');
  afterAll(async () => {
    removeProject(dir);
    await db.drop();
  });

  it("the surviving worker finishes the dead one's steps; nothing lost, duplicated or left starting", async () => {
    const env = { ...db.env(TEST_POSTGRES_URL!), BATON_FIXTURE_SLEEP_MS: '1500' };
    const args = ['worker', '--concurrency', '2', '--max-concurrent', '4', '--dead-after', '6'];
    const ready = { cwd: dir, env, ready: /Baton worker (\S+) ready/, timeoutMs: 60_000 };
    const { createPostgresStorage } = await import('@baton/storage');
    const storage = await createPostgresStorage({ url: TEST_POSTGRES_URL!, schema: db.schema });
    let a: Awaited<ReturnType<typeof startBaton>> | undefined;
    let b: Awaited<ReturnType<typeof startBaton>> | undefined;
    try {
      const ids = await queueShopRuns(storage, dir, '2024-01-01', '2024-01-04');
      // a worker that claimed the last run and was killed before handing it over
      const orphan = ids.at(-1)!;
      expect(await storage.claimRun(orphan, 'killed-after-claim:1:x')).toMatchObject({ status: 'starting' });
      [a, b] = await Promise.all([startBaton(args, ready), startBaton(args, ready)]);
      // wait until A (by its liveness row) holds a step job, and kill it there
      const heldByA = async () =>
        (
          await db.query<{ n: number }>(
            `select count(*)::int as n from "${db.jobSchema}"._private_jobs j join "${db.jobSchema}".baton_workers w on j.locked_by = any(w.graphile_worker_ids) where w.id = $1`,
            [a!.match[1]],
          )
        )[0]!.n > 0;
      await until(heldByA, 60_000, 'worker A to hold a step job');
      a.child.kill('SIGKILL');
      const killedAt = Date.now();
      const runs = () => Promise.all(ids.map(async (id) => (await storage.getRun(id, { withPlan: false }))!));
      // the orphan waits for crash recovery (its claim 30 s old, checked every 10 s), then for a dispatcher
      await until(async () => (await runs()).every((r) => ['success', 'failure', 'canceled'].includes(r.status)), 120_000, 'every run to end').catch(async (error: Error) => {
        throw new Error(`${error.message}: ${(await runs()).map((r) => r.status).join(', ')}\n--- surviving worker\n${b!.output()}`);
      });
      // a run that did not succeed says why (e.g. failed by crash recovery while still `starting`)
      const ended = await runs();
      const why = ended.filter((r) => r.status !== 'success').map((r) => `${r.id} ${r.status} owner=${r.owner} started=${r.startedAt} error=${r.error}`).join('\n');
      expect(ended.map((r) => r.status), `${why}\n--- surviving worker\n${b.output()}`).toEqual(ids.map(() => 'success'));
      expect(Date.now() - killedAt).toBeGreaterThan(5_000); // B waited for A to be silent 6 s
      expect(alive(b.child)).toBe(true);
      // the orphan went back to the queue once and was started once, by a worker's dispatcher
      const orphanEvents = (await storage.eventsForRun(orphan)).map((e) => e.type);
      expect(orphanEvents.filter((t) => t === 'RUN_REQUEUED'), orphanEvents.join(' ')).toHaveLength(1);
      expect(orphanEvents.filter((t) => t === 'RUN_STARTED')).toHaveLength(1);
      expect(b.output()).toMatch(/claimed and never started, back in the queue/);
      expect(await db.materializationCounts()).toEqual(Object.fromEntries(dailyKeys(['raw/orders', 'clean/orders'], '2024-01-01', '2024-01-04').map((k) => [k, 1])));
      expect(await db.query(`select id, status from "${db.schema}".runs where status in ('queued', 'starting', 'running')`)).toEqual([]);
    } finally {
      await storage.close();
      if (a) await stopBaton(a.child);
      if (b) await stopBaton(b.child);
    }
  }, 240_000);
});
