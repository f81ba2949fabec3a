import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatonStorage } from '@baton/core';
import pg from 'pg';
import { createPostgresStorage } from '../create-postgres-storage';
import { createSqliteStorage } from '../create-sqlite-storage';

/** Plain data that says where a test store lives, so another process can open the same one. */
export type StorageLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

/** One backend of the conformance suites: every `create()` gives a new, empty, isolated store. */
export interface StorageBackend {
  readonly name: 'sqlite' | 'postgres';
  /** A new empty store: its own SQLite file, or its own randomly named PostgreSQL schema. */
  create(): Promise<BatonStorage>;
  /** Where a new empty store will live (migrated on first open); open it with `openStorageAt`. */
  createLocation(): Promise<StorageLocation>;
  /** Closes every store this backend opened and deletes their files / drops their schemas. */
  cleanup(): Promise<void>;
}

/** The env variable that switches the PostgreSQL half of the suites on. */
export const TEST_POSTGRES_ENV = 'BATON_TEST_POSTGRES_URL';

/**
 * The backends a conformance suite runs against: SQLite always, PostgreSQL when
 * `BATON_TEST_POSTGRES_URL` is set. If it is set and the server is down, `create()` throws, so the
 * suite fails instead of silently skipping.
 *
 * @example
 * for (const backend of storageBackends()) {
 *   describe(`runs [${backend.name}]`, () => {
 *     afterAll(() => backend.cleanup());
 *     it('creates a run', async () => { const s = await backend.create(); ... });
 *   });
 * }
 */
export function storageBackends(env: Readonly<Record<string, string | undefined>> = process.env): StorageBackend[] {
  const backends = [sqliteBackend()];
  const url = env[TEST_POSTGRES_ENV]?.trim();
  if (url) backends.push(postgresBackend(url));
  return backends;
}

/**
 * Opens the store at `location` (another handle, possibly in another process).
 *
 * @example
 * const other = await openStorageAt({ kind: 'sqlite', path: '/tmp/x/baton.db' });
 */
export function openStorageAt(location: StorageLocation): Promise<BatonStorage> {
  return location.kind === 'sqlite'
    ? createSqliteStorage({ path: location.path })
    : createPostgresStorage({ url: location.url, schema: location.schema, setting: TEST_POSTGRES_ENV, poolSize: 4 });
}

function sqliteBackend(): StorageBackend {
  const dirs: string[] = [];
  const opened: BatonStorage[] = [];
  const createLocation = async (): Promise<StorageLocation> => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-storage-test-'));
    dirs.push(dir);
    return { kind: 'sqlite', path: join(dir, 'baton.db') };
  };
  return {
    name: 'sqlite',
    createLocation,
    async create() {
      const storage = await openStorageAt(await createLocation());
      opened.push(storage);
      return storage;
    },
    async cleanup() {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(url: string): StorageBackend {
  const schemas: string[] = [];
  const opened: BatonStorage[] = [];
  const createLocation = async (): Promise<StorageLocation> => {
    const schema = `baton_test_${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    return { kind: 'postgres', url, schema };
  };
  return {
    name: 'postgres',
    createLocation,
    async create() {
      const storage = await openStorageAt(await createLocation());
      opened.push(storage);
      return storage;
    },
    async cleanup() {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      const dropping = schemas.splice(0);
      if (dropping.length === 0) return;
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        for (const schema of dropping) await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
