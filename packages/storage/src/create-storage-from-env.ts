import { createPostgresStorage, type PostgresStorage } from './create-postgres-storage';
import { createSqliteStorage, type SqliteStorage } from './create-sqlite-storage';

export interface StorageFromEnvOptions {
  /** Project directory: the SQLite default lives in `<projectDir>/.baton/baton.db`. */
  readonly projectDir: string;
  /** Environment to read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** PostgreSQL: how long a call waits for the database through an outage (`outageRetryMs`). Default 0. */
  readonly outageRetryMs?: number;
}

/**
 * PostgreSQL when `BATON_DATABASE_URL` is set (`BATON_DATABASE_SCHEMA` optionally picks the schema),
 * otherwise the embedded SQLite store under `<projectDir>/.baton/`.
 *
 * @example
 * const storage = await createStorageFromEnv({ projectDir: process.cwd() });
 * console.log(storage.dialect); // 'sqlite' unless BATON_DATABASE_URL is set
 * if (storage.dialect === 'postgres') storage.transitionRun; // typed: only PostgreSQL offers run transitions
 */
export async function createStorageFromEnv(options: StorageFromEnvOptions): Promise<SqliteStorage | PostgresStorage> {
  const env = options.env ?? process.env;
  const url = env.BATON_DATABASE_URL?.trim();
  if (url) {
    return createPostgresStorage({ url, setting: 'BATON_DATABASE_URL', ...(options.outageRetryMs !== undefined ? { outageRetryMs: options.outageRetryMs } : {}), ...(env.BATON_DATABASE_SCHEMA ? { schema: env.BATON_DATABASE_SCHEMA } : {}) });
  }
  return createSqliteStorage({ projectDir: options.projectDir });
}
