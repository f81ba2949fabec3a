/**
 * @baton/storage — the storage port of @baton/core on SQLite (default) and PostgreSQL, through Kysely.
 */
export { createSqliteStorage, sqliteDatabasePath } from './create-sqlite-storage';
export type { SqliteStorage, SqliteStorageOptions } from './create-sqlite-storage';
export { createPostgresStorage, parsePostgresUrl } from './create-postgres-storage';
export type { PostgresStorage, PostgresStorageOptions } from './create-postgres-storage';
export { createStorageFromEnv } from './create-storage-from-env';
export type { StorageFromEnvOptions } from './create-storage-from-env';
