import type { TransactionSql } from '@baton/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { graphileJobQueue } from '../src/index';

const PG_URL = process.env.BATON_TEST_POSTGRES_URL;
if (!PG_URL) console.warn('[queue-graphile] skipped: set BATON_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test');

/** Runs `body` in one transaction on its own connection, as storage's run transition does; commits unless it throws. */
async function inTransaction<T>(body: (tx: TransactionSql) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query('begin');
    const result = await body({ query: async (text, values = []) => ({ rows: (await client.query(text, [...values])).rows }) });
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

describe.skipIf(!PG_URL)('graphileJobQueue on PostgreSQL', () => {
  const schema = `qg_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const queue = graphileJobQueue({ connectionString: PG_URL!, schema });
  afterAll(async () => {
    await queue.close();
    await inTransaction((tx) => tx.query(`drop schema if exists "${schema}" cascade`));
  });

  it('installs its tables once from several processes at once, registry migrations recorded', async () => {
    const others = [graphileJobQueue({ connectionString: PG_URL!, schema }), graphileJobQueue({ connectionString: PG_URL!, schema })];
    await Promise.all([queue.prepare(), ...others.map((q) => q.prepare())]);
    await Promise.all(others.map((q) => q.close()));
    const applied = await inTransaction((tx) => tx.query(`select id from "${schema}".baton_queue_migrations order by id`));
    expect(applied.rows).toEqual([{ id: '0001-workers' }]);
    expect(queue.owner).toBe(`graphile-worker:${schema}`);
  });

  it("enqueues step jobs inside the caller's transaction, once per step while one waits, and nothing when it rolls back", async () => {
    await queue.prepare();
    await inTransaction((tx) => queue.enqueue(tx, [{ runId: 'r1', stepKey: 'a' }, { runId: 'r1', stepKey: 'b' }]));
    await inTransaction((tx) => queue.enqueue(tx, [{ runId: 'r1', stepKey: 'a' }]));
    await expect(
      inTransaction(async (tx) => {
        await queue.enqueue(tx, [{ runId: 'r2', stepKey: 'a' }]);
        throw new Error('the run transition failed');
      }),
    ).rejects.toThrow('the run transition failed');
    const keys = await inTransaction((tx) => tx.query(`select key from "${schema}"._private_jobs order by key`));
    expect(keys.rows.map((r) => r.key)).toEqual(['baton:r1:a', 'baton:r1:b']);
    expect((await queue.runsWithJobs()).sort()).toEqual(['r1']);
  });

  it('says what to do when the queue is not installed, and refuses a schema name that is not a plain identifier', async () => {
    const missing = graphileJobQueue({ connectionString: PG_URL!, schema: `${schema}_missing` });
    await expect(inTransaction((tx) => missing.enqueue(tx, [{ runId: 'r9', stepKey: 'a' }]))).rejects.toMatchObject({
      code: 'STORAGE_CONFIG_INVALID',
      message: expect.stringContaining('is not installed'),
    });
    await missing.close();
    expect(() => graphileJobQueue({ connectionString: PG_URL!, schema: 'not-plain' })).toThrow(expect.objectContaining({ code: 'STORAGE_CONFIG_INVALID' }));
  });
});
