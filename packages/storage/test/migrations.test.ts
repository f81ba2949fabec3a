import { BatonError } from '@baton/core';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { openStorageAt, storageBackends } from '@baton/storage/testing';
import type { StorageLocation } from '@baton/storage/testing';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, scopedIntrospection } from '../src/internal/migrate-to-latest';
import { batonMigrations } from '../src/internal/migrations/index';
import { autoPreparePool } from '../src/internal/auto-prepare-pool';
import { postgresCapabilities } from '../src/internal/postgres-capabilities';
import { sqliteCapabilities } from '../src/internal/sqlite-capabilities';

/** Creates the store at `location` as an older Baton left it: migrations applied up to `last` only. */
async function migrateOnlyTo(location: StorageLocation, last: string): Promise<void> {
  let db: Kysely<any>;
  let migrator: Migrator;
  if (location.kind === 'sqlite') {
    const database = new Database(location.path);
    db = new Kysely({ dialect: new SqliteDialect({ database }) });
    migrator = new Migrator({ db, provider: { getMigrations: async () => batonMigrations(sqliteCapabilities(database)) }, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE });
  } else {
    const pool = new pg.Pool({ connectionString: location.url, options: `-c search_path=${location.schema}`, max: 1 });
    await pool.query(`create schema if not exists "${location.schema}"`);
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    // introspecting only its own schema, as migrateToLatest does: Kysely's introspector reads every schema's
    // columns and fails when another test file drops its schema meanwhile
    migrator = new Migrator({
      db: scopedIntrospection(db, location.schema), provider: { getMigrations: async () => batonMigrations(postgresCapabilities(pool, autoPreparePool(pool), location.schema)) },
      migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE, migrationTableSchema: location.schema,
    });
  }
  try {
    const { error } = await migrator.migrateTo(last);
    if (error) throw error;
  } finally {
    await db.destroy();
  }
}

/** Runs one SQL statement directly against the store at `location`, bypassing Baton. */
async function rawQuery(location: StorageLocation, text: string): Promise<unknown[]> {
  if (location.kind === 'sqlite') {
    const db = new Database(location.path);
    try {
      const stmt = db.prepare(text);
      return stmt.reader ? stmt.all() : (stmt.run(), []);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location.url, options: `-c search_path=${location.schema}` });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

for (const backend of storageBackends()) {
  describe(`migrations [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('applies migrations once and reopens without touching data', async () => {
      const location = await backend.createLocation();
      const first = await openStorageAt(location);
      await first.createRuns([{ id: 'kept', assetKeys: ['a'], partition: { kind: 'none' }, plan: null }]);
      await first.close();
      const again = await openStorageAt(location);
      expect((await again.getRun('kept'))?.id).toBe('kept');
      await again.close();
      expect(await rawQuery(location, 'select name from baton_migrations order by name')).toEqual([{ name: '0001-initial' }, { name: '0002-locks' }, { name: '0003-check-results' }, { name: '0004-compact-projections' }, { name: '0005-event-notify' }, { name: '0006-write-receipts' }, { name: '0007-partial-backfill-index' }, { name: '0008-backfill-plans' }, { name: '0009-open-backfill-runs-index' }]);
    });

    it('three handles opening a new store at once all succeed: the losers of the migration race wait and re-read', async () => {
      // On SQLite, Kysely's migration lock is per handle: without the wait-and-re-read the two losers
      // fail with 'table "runs" already exists' (as `baton dev` and a CLI command starting together did).
      const location = await backend.createLocation();
      const opened = await Promise.allSettled([openStorageAt(location), openStorageAt(location), openStorageAt(location)]);
      const failures = opened.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
      for (const r of opened) if (r.status === 'fulfilled') await r.value.close();
      expect(failures).toEqual([]);
      expect((await rawQuery(location, 'select name from baton_migrations order by name')).map((r) => (r as { name: string }).name)).toHaveLength(9);
    });

    it('upgrades a 0003 database: latest materialization per partition and recent step durations are kept', async () => {
      const location = await backend.createLocation();
      await migrateOnlyTo(location, '0003-check-results');
      const materialization = (id: number, asset: string, partition: string) =>
        `(${id}, '${asset}', '${partition}', 'r1', null, ${1000 + id}, 'dv${id}', 'cv', '{}', '[]')`;
      await rawQuery(location, `insert into materializations (id, asset_key, partition_key, run_id, step_key, timestamp, data_version, code_version, metadata, provenance)
        values ${[materialization(1, 'a', 'p1'), materialization(2, 'a', 'p1'), materialization(3, 'b', ''), materialization(4, 'c', 'x')].join(', ')}`);
      await rawQuery(location, `insert into latest_materializations (asset_key, partition_key, materialization_id) values ('a', 'p1', 2), ('b', '', 3), ('c', 'x', 4)`);
      await rawQuery(location, `insert into asset_latest (asset_key, materialization_id) values ('a', 2), ('b', 3), ('c', 4)`);
      // c/x has no status row: the upgrade gives it one
      await rawQuery(location, `insert into partition_status (asset_key, partition_key, state, materialized) values ('a', 'p1', 1, 1), ('a', 'p2', 2, 0), ('b', '', 1, 1)`);
      const durations = Array.from({ length: 25 }, (_, i) => `('a', ${i + 1}, ${2000 + i})`).join(', ');
      await rawQuery(location, `insert into step_durations (asset_key, duration_ms, ended_at) values ${durations}, ('b', 7, 3000)`);

      const storage = await openStorageAt(location);
      try {
        expect((await storage.latestMaterializationsByPartition('a')).map((m) => [m.partitionKey, m.id])).toEqual([['p1', '2']]);
        expect((await storage.latestMaterializationsByPartition('c')).map((m) => [m.partitionKey, m.id])).toEqual([['x', '4']]);
        expect(await storage.partitionStatus('c')).toEqual({ keys: ['x'], states: ['materialized'] });
        const snapshot = await storage.loadStateSnapshot();
        const a = snapshot.assets.get('a')!;
        expect(a.latest.get('p1')?.id).toBe('2');
        expect([...a.failed]).toEqual(['p2']);
        expect(a.recentDurationsMs).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
        expect(snapshot.assets.get('b')!.recentDurationsMs).toEqual([7]);
        expect(snapshot.assets.get('b')!.latest.get('')?.id).toBe('3');
      } finally {
        await storage.close();
      }
    });

    it('upgrades a 0006 database: runs_backfill_idx holds only runs of a backfill, and a backfill\'s runs are still found', async () => {
      const location = await backend.createLocation();
      await migrateOnlyTo(location, '0006-write-receipts');
      const run = (id: string, backfill: string | null, createdAt: number) =>
        `('${id}', 'queued', '["a"]', '{"kind":"none"}', '{}', ${backfill === null ? 'null' : `'${backfill}'`}, null, 0, 'null', ${createdAt})`;
      await rawQuery(location, `insert into runs (id, status, asset_keys, partition_target, tags, backfill_id, parent_run_id, priority, plan, created_at)
        values ${[run('r1', 'bf', 1), run('r2', null, 2), run('r3', 'bf', 3), run('r4', 'other', 4)].join(', ')}`);
      const storage = await openStorageAt(location);
      try {
        expect((await storage.listRuns({ backfillId: 'bf' })).items.map((r) => r.id)).toEqual(['r3', 'r1']);
        expect(await storage.countRuns({ backfillId: 'other' })).toBe(1);
        expect((await storage.listRuns()).items.map((r) => r.id)).toEqual(['r4', 'r3', 'r2', 'r1']);
      } finally {
        await storage.close();
      }
      const definition = location.kind === 'sqlite'
        ? ((await rawQuery(location, "select sql as def from sqlite_master where name = 'runs_backfill_idx'"))[0] as { def: string }).def
        : ((await rawQuery(location, `select indexdef as def from pg_indexes where schemaname = '${location.schema}' and indexname = 'runs_backfill_idx'`))[0] as { def: string }).def;
      expect(definition).toMatch(/where\s+\(?"?backfill_id"?\s+is\s+not\s+null\)?/i);
    });

    it("upgrades a 0007 database: each backfill's plan moves to its own table beside its run count, and progress updates leave it alone", async () => {
      const location = await backend.createLocation();
      await migrateOnlyTo(location, '0007-partial-backfill-index');
      const plan = JSON.stringify({ runs: [{ key: 'run-1', dependsOnRuns: [] }, { key: 'run-2', dependsOnRuns: ['run-1'] }] });
      await rawQuery(location, `insert into backfills (id, status, request, plan, progress, created_at, updated_at, ended_at)
        values ('bf', 'requested', '{}', '${plan}', '{}', 1, 1, null), ('bf-null', 'canceled', '{}', 'null', '{}', 2, 2, 3)`);
      const storage = await openStorageAt(location);
      try {
        expect(await storage.getBackfill('bf')).toMatchObject({ plan: JSON.parse(plan), runCount: 2 });
        expect(await storage.getBackfill('bf-null', { withPlan: false })).toMatchObject({ plan: null, runCount: 0 });
        await storage.updateBackfill('bf', { progress: { a: { targeted: 2, done: 1, failed: 0, inProgress: 0 } } });
        expect((await storage.getBackfill('bf'))!.plan).toEqual(JSON.parse(plan));
      } finally {
        await storage.close();
      }
      // the row a pass rewrites (status, progress) no longer carries the plan
      const columns = location.kind === 'sqlite'
        ? (await rawQuery(location, "select name from pragma_table_info('backfills')")).map((r) => (r as { name: string }).name)
        : (await rawQuery(location, `select column_name as name from information_schema.columns where table_schema = '${location.schema}' and table_name = 'backfills'`)).map((r) => (r as { name: string }).name);
      expect(columns).not.toContain('plan');
      expect(columns).toContain('progress');
      expect(await rawQuery(location, 'select backfill_id, plan from backfill_plans order by backfill_id')).toEqual([{ backfill_id: 'bf', plan }, { backfill_id: 'bf-null', plan: 'null' }]);
    });

    it("upgrades a 0008 database: a backfill's open runs are in runs_backfill_open_idx, found by the same filter", async () => {
      const location = await backend.createLocation();
      await migrateOnlyTo(location, '0008-backfill-plans');
      const run = (id: string, status: string, backfill: string | null) =>
        `('${id}', '${status}', '["a"]', '{"kind":"none"}', '{}', ${backfill === null ? 'null' : `'${backfill}'`}, null, 0, 'null', 1)`;
      await rawQuery(location, `insert into runs (id, status, asset_keys, partition_target, tags, backfill_id, parent_run_id, priority, plan, created_at)
        values ${[run('r1', 'running', 'bf'), run('r2', 'success', 'bf'), run('r3', 'queued', null), run('r4', 'queued', 'bf')].join(', ')}`);
      const storage = await openStorageAt(location);
      try {
        expect((await storage.listRuns({ backfillId: 'bf', statuses: ['queued', 'starting', 'running', 'canceling'] })).items.map((r) => r.id).sort()).toEqual(['r1', 'r4']);
      } finally {
        await storage.close();
      }
      const definition = location.kind === 'sqlite'
        ? ((await rawQuery(location, "select sql as def from sqlite_master where name = 'runs_backfill_open_idx'"))[0] as { def: string }).def
        : ((await rawQuery(location, `select indexdef as def from pg_indexes where schemaname = '${location.schema}' and indexname = 'runs_backfill_open_idx'`))[0] as { def: string }).def;
      expect(definition).toMatch(/backfill_id"?\)?\s+is\s+not\s+null/i);
      expect(definition).toMatch(/queued/);
      expect(definition).toMatch(/canceling/);
    });

    it('refuses a database written by a newer Baton, naming the migration, and changes nothing', async () => {
      const location = await backend.createLocation();
      const storage = await openStorageAt(location);
      await storage.createRuns([{ id: 'r1', assetKeys: ['a'], partition: { kind: 'none' }, plan: null }]);
      await storage.close();
      await rawQuery(location, `insert into baton_migrations (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`);
      const before = await rawQuery(location, 'select count(*) as n from events');

      const error = await openStorageAt(location).catch((e: unknown) => e);
      expect(BatonError.is(error, 'STORAGE_SCHEMA_TOO_NEW')).toBe(true);
      expect((error as BatonError).message).toMatch(/9999-from-the-future/);
      expect((error as BatonError).message).toMatch(/upgrade Baton/);
      expect(await rawQuery(location, 'select name from baton_migrations order by name')).toEqual([{ name: '0001-initial' }, { name: '0002-locks' }, { name: '0003-check-results' }, { name: '0004-compact-projections' }, { name: '0005-event-notify' }, { name: '0006-write-receipts' }, { name: '0007-partial-backfill-index' }, { name: '0008-backfill-plans' }, { name: '0009-open-backfill-runs-index' }, { name: '9999-from-the-future' }]);
      expect(await rawQuery(location, 'select count(*) as n from events')).toEqual(before);
    });
  });
}
