import { BatonError } from '@baton/core';
import { Migrator, sql } from 'kysely';
import type { DatabaseIntrospector, Kysely } from 'kysely';
import type { DialectCapabilities } from './dialect-capabilities';
import { batonMigrations } from './migrations/index';

export const MIGRATION_TABLE = 'baton_migrations';
export const MIGRATION_LOCK_TABLE = 'baton_migrations_lock';

/**
 * Applies every pending migration. Refuses, without changing anything, a database that lists
 * migrations this version does not know (it was written by a newer Baton).
 */
export async function migrateToLatest(db: Kysely<any>, cap: DialectCapabilities, schema: string | undefined, where: string): Promise<void> {
  const migrations = batonMigrations(cap);
  const applied = await appliedMigrations(db, schema);
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    throw new BatonError('STORAGE_SCHEMA_TOO_NEW', `The database at ${where} was written by a newer Baton: it has migration(s) ${unknown.map((n) => `"${n}"`).join(', ')} that this version does not know`, {
      hint: 'upgrade Baton to the version that wrote it (the database was not changed), or point BATON_DATABASE_URL / the storage path at another database',
      details: { unknownMigrations: unknown, knownMigrations: Object.keys(migrations) },
    });
  }
  if (Object.keys(migrations).every((name) => applied.includes(name))) return;

  const migrator = new Migrator({
    db: schema ? scopedIntrospection(db, schema) : db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  // Kysely's SQLite migration lock is per process: two processes opening a new file at once (baton dev and a
  // CLI command) can both start migrating, and the loser fails with "table … already exists". Migrations run in
  // one transaction (DDL is transactional on both databases), so the loser's attempt left nothing: wait for
  // the winner, re-read what is applied, and only then try again or give up.
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    const nowApplied = await appliedMigrations(db, schema);
    if (Object.keys(migrations).every((name) => nowApplied.includes(name))) return;
    if (attempt < 4) continue;
    const failed = results?.find((r) => r.status === 'Error');
    throw error instanceof Error && failed ? Object.assign(error, { message: `migration "${failed.migrationName}" failed: ${error.message}` }) : error;
  }
}

async function appliedMigrations(db: Kysely<any>, schema: string | undefined): Promise<string[]> {
  const tables = await (schema ? scopedIntrospection(db, schema) : db).introspection.getTables({ withInternalKyselyTables: true });
  const exists = tables.some((t) => t.name === MIGRATION_TABLE && (schema === undefined || t.schema === schema));
  if (!exists) return [];
  const table = schema ? sql.table(`${schema}.${MIGRATION_TABLE}`) : sql.table(MIGRATION_TABLE);
  const { rows } = await sql<{ name: string }>`select name from ${table} order by name`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * `db` whose introspection lists only the tables of `schema` (PostgreSQL). Kysely's own introspector reads
 * every schema's columns, which fails when another process drops a schema meanwhile (a shared server).
 */
export function scopedIntrospection(db: Kysely<any>, schema: string): Kysely<any> {
  const introspection: DatabaseIntrospector = {
    getSchemas: async () => [{ name: schema }],
    getMetadata: async () => ({ tables: await introspection.getTables() }),
    getTables: async () => {
      const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema}`.execute(db);
      return rows.map((r) => ({ name: r.name, schema, isView: false, columns: [] }));
    },
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
