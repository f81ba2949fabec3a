import { BatonError } from '@baton/core';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorageAt, storageBackends } from '@baton/storage/testing';
import type { StorageLocation } from '@baton/storage/testing';

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
      expect(await rawQuery(location, 'select name from baton_migrations order by name')).toEqual([{ name: '0001-initial' }, { name: '0002-locks' }, { name: '0003-check-results' }]);
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
      expect(await rawQuery(location, 'select name from baton_migrations order by name')).toEqual([{ name: '0001-initial' }, { name: '0002-locks' }, { name: '0003-check-results' }, { name: '9999-from-the-future' }]);
      expect(await rawQuery(location, 'select count(*) as n from events')).toEqual(before);
    });
  });
}
