import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { baton, makeProject, removeProject, startBaton, stopBaton } from './baton-process';

const url = process.env.BATON_TEST_POSTGRES_URL?.trim();

// The same commands on PostgreSQL (BATON_DATABASE_URL), each run in a fresh schema.
describe.skipIf(!url)('baton on PostgreSQL', () => {
  const dir = makeProject('shop');
  const schema = `baton_cli_${randomBytes(4).toString('hex')}`;
  const env = { BATON_DATABASE_URL: url!, BATON_DATABASE_SCHEMA: schema };
  afterAll(async () => {
    removeProject(dir);
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('migrate, materialize, runs', async () => {
    const m = await baton(['migrate', '--json'], { cwd: dir, env });
    expect(JSON.parse(m.stdout).dialect).toBe('postgres');
    const r = await baton(['materialize', '--select', 'raw/orders+', '--partition', '2024-01-02'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Succeeded: 2 step\(s\) succeeded/);
    const runs = JSON.parse((await baton(['runs', '--json'], { cwd: dir, env })).stdout);
    expect(runs[0].status).toBe('success');
  });

  it('a worker executes runs queued in PostgreSQL', async () => {
    const worker = await startBaton(['worker'], { cwd: dir, env, ready: /Baton worker \S+ ready/ });
    try {
      const { createPostgresStorage } = await import('@baton/storage');
      const storage = await createPostgresStorage({ url: url!, schema });
      const { planMaterialize } = await import('@baton/planner');
      const { definitions, asset } = await import('@baton/core');
      const defs = definitions({ assets: [asset({ key: 'raw/customers', compute: () => 1 })] });
      const plan = planMaterialize(defs, await storage.loadStateSnapshot({ now: Date.now() }), ['raw/customers']);
      const [run] = await storage.createRuns([{ assetKeys: ['raw/customers'], partition: { kind: 'none' }, plan: plan.runs[0] }]);
      const deadline = Date.now() + 15_000;
      let status = 'queued';
      while (Date.now() < deadline && status !== 'success') {
        await new Promise((r) => setTimeout(r, 200));
        status = (await storage.getRun(run!.id))!.status;
      }
      await storage.close();
      expect(status).toBe('success');
    } finally {
      expect(await stopBaton(worker.child)).toBe(0);
    }
  });
});
