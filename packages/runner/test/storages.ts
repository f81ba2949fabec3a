import type { BatonStorage } from '@baton/core';
import { createPostgresStorage, createSqliteStorage } from '@baton/storage';
import pg from 'pg';

/**
 * The backends every runner suite runs on: SQLite always, PostgreSQL when BATON_TEST_POSTGRES_URL is
 * set — each `open()` in a schema of its own, dropped when that storage is closed.
 */
export const BACKENDS: { name: 'sqlite' | 'postgres'; open(): Promise<BatonStorage> }[] = [
  { name: 'sqlite', open: () => createSqliteStorage({ path: ':memory:' }) },
  ...(process.env.BATON_TEST_POSTGRES_URL ? [{ name: 'postgres' as const, open: () => openPostgres(process.env.BATON_TEST_POSTGRES_URL!) }] : []),
];

async function openPostgres(url: string): Promise<BatonStorage> {
  const schema = `runner_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const storage = await createPostgresStorage({ url, schema, poolSize: 4 });
  const close = storage.close.bind(storage);
  return Object.assign(storage, {
    async close() {
      await close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  });
}
