import type { WorkerUtils } from 'graphile-worker';
import { quietLogger } from './quiet-logger';
import { REGISTRY_MIGRATIONS } from './registry-migrations';

/** Advisory lock key serialising Baton's queue migrations (per schema: `hashtext(schema)` is the second key). */
const MIGRATION_LOCK_CLASS = 0x42_51_55_45; // "BQUE"

/**
 * Installs (or upgrades) graphile-worker's schema, then applies Baton's registry migrations that
 * `<schema>.baton_queue_migrations` does not list, under an advisory lock. Idempotent and safe from
 * several processes at once.
 *
 * @example
 * await prepareQueue('postgres://baton@db/baton', 'graphile_worker', utils);
 */
export async function prepareQueue(connectionString: string, schema: string, utils: Pick<WorkerUtils, 'withPgClient'>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { runMigrations } = await import('graphile-worker');
      await runMigrations({ connectionString, schema, logger: await quietLogger() });
      break;
    } catch (error) {
      // two processes creating the schema at once: the loser retries and finds it migrated
      if (attempt >= 5 || !isConcurrentDdl(error)) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
  await utils.withPgClient(async (client) => {
    await client.query('begin');
    try {
      await client.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK_CLASS}, hashtext($1))`, [schema]);
      await client.query(`create table if not exists "${schema}".baton_queue_migrations (id text primary key, applied_at timestamptz not null default now())`);
      const { rows } = await client.query<{ id: string }>(`select id from "${schema}".baton_queue_migrations`);
      const applied = new Set(rows.map((r) => r.id));
      for (const migration of REGISTRY_MIGRATIONS) {
        if (applied.has(migration.id)) continue;
        await client.query(migration.sql(schema));
        await client.query(`insert into "${schema}".baton_queue_migrations (id) values ($1)`, [migration.id]);
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  });
}

function isConcurrentDdl(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === '42P07' || code === '42P06' || code === '40P01';
}
