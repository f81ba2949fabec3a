import { afterAll, describe, expect, it } from 'vitest';
import { baton, makeProject, removeProject, startBaton, stopBaton } from '../baton-process';
import { alive, chaosSchema, dailyKeys, TEST_POSTGRES_URL } from './chaos-env';
import { startTcpProxy } from './tcp-proxy';

// A 20 s PostgreSQL outage in the middle of a backfill, with `baton dev` executing it, a
// `baton worker` taking distributed runs and `baton backfill` following along, all connected
// through a TCP proxy that drops every connection and refuses new ones for the outage.
describe.skipIf(!TEST_POSTGRES_URL)('a PostgreSQL outage mid-backfill', () => {
  const db = chaosSchema('baton_outage');
  const dir = makeProject('shop');
  afterAll(async () => {
    removeProject(dir);
    await db.drop();
  });

  it('every process lives, the backfill succeeds, each partition is materialized exactly once', async () => {
    const target = new URL(TEST_POSTGRES_URL!);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const env = { ...db.env(proxy.via(TEST_POSTGRES_URL!)), BATON_FIXTURE_SLEEP_MS: '400' };
    const migrated = await baton(['migrate'], { cwd: dir, env });
    expect(migrated.code, migrated.stderr).toBe(0);
    const [dev, worker] = await Promise.all([
      startBaton(['dev', '--port', '0', '--no-watch'], { cwd: dir, env, ready: /ready at (\S+) /, timeoutMs: 60_000 }),
      startBaton(['worker', '--concurrency', '2', '--max-concurrent', '2'], { cwd: dir, env, ready: /Baton worker \S+ ready/, timeoutMs: 60_000 }),
    ]);
    try {
      const backfill = baton(['backfill', '--select', 'raw/orders+', '--from', '2024-01-01', '--to', '2024-01-24', '--max-concurrent', '4'], { cwd: dir, env, timeoutMs: 100_000 });
      // once some partitions are done, the database goes away for 20 s
      for (let t = Date.now(); Date.now() - t < 20_000; ) {
        if (Object.keys(await db.materializationCounts()).length >= 6) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await proxy.drop();
      await new Promise((r) => setTimeout(r, 20_000));
      expect(alive(dev.child), dev.output()).toBe(true);
      expect(alive(worker.child), worker.output()).toBe(true);
      await proxy.restore();
      const result = await backfill.catch((error: Error) => {
        throw new Error(`${error.message}\n--- dev\n${dev.output()}\n--- worker\n${worker.output()}`);
      });
      expect(result.code, `${result.stdout}\n${result.stderr}\n--- dev\n${dev.output()}\n--- worker\n${worker.output()}`).toBe(0);
      expect(result.stdout).toMatch(/completed success/);
      const counts = await db.materializationCounts();
      const expected = dailyKeys(['raw/orders', 'clean/orders'], '2024-01-01', '2024-01-24');
      expect(Object.keys(counts).sort()).toEqual(expected.sort());
      const twice = Object.entries(counts).filter(([, n]) => n !== 1);
      // which runs wrote the duplicates, and who executed them: the report a failure needs
      const evidence = twice.length === 0 ? '' : JSON.stringify({
        materializations: await db.query(`select asset_key, partition_key, run_id, step_key, timestamp from "${db.schema}".materializations order by asset_key, partition_key, id`),
        runs: await db.query(`select id, tags, status, owner, created_at, started_at, ended_at, error from "${db.schema}".runs order by created_at`),
      }, null, 1);
      expect(twice, `${evidence}\n--- dev\n${dev.output()}\n--- worker\n${worker.output()}`).toEqual([]);
      expect(alive(dev.child)).toBe(true);
      expect(alive(worker.child)).toBe(true);
      // told once per outage, not once per query
      for (const out of [dev.output(), worker.output()]) {
        expect(out.match(/database unreachable since/g)?.length, out).toBe(1);
        expect(out.match(/database reachable again after/g)?.length, out).toBe(1);
      }
    } finally {
      await stopBaton(dev.child);
      await stopBaton(worker.child);
      await proxy.close();
    }
  }, 200_000);
});
