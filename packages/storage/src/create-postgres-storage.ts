import { BatonError, checkSchemaName, isConnectionError } from '@baton/core';
import type { BatonStorage, RunTransitions } from '@baton/core';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { createKyselyStorage } from './internal/create-kysely-storage';
import { migrateToLatest } from './internal/migrate-to-latest';
import { eventLogLockKey, postgresCapabilities } from './internal/postgres-capabilities';
import { postgresAppendEvents } from './internal/postgres-append-events';
import { postgresEventLogWatch } from './internal/postgres-event-log-watch';
import { mapPostgresError } from './internal/postgres-errors';
import type { PostgresTarget } from './internal/postgres-errors';
import type { Database as Schema } from './internal/schema';
import { transitionRun } from './internal/transition-run';
import { autoPreparePool } from './internal/auto-prepare-pool';
import { ConnectionHealth } from './internal/connection-health';
import { retryOnOutage } from './internal/retry-on-outage';

/** The storage on PostgreSQL: every role, plus run transitions that enqueue jobs in their transaction (scale-out). */
export interface PostgresStorage extends BatonStorage, RunTransitions {
  readonly dialect: 'postgres';
}

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:5432/database`. */
  readonly url: string;
  /** Schema holding Baton's tables; created when missing. Default `public`. */
  readonly schema?: string;
  /** Connections in the pool. Default 10. */
  readonly poolSize?: number;
  /** How long to wait for a connection, in ms. Default 5000. */
  readonly connectTimeoutMs?: number;
  /** Which setting the url came from, named in error messages. Default `BATON_DATABASE_URL`. */
  readonly setting?: string;
  /**
   * How long a call that lost its connection waits for the database to answer again before it fails
   * (ms; it is then run again from the start). Default 0: fail at once. Processes that execute work
   * (`baton dev`, `daemon`, `worker`, …) ride out outages with a long wait. Either way the outage is
   * recorded in `health()` and announced once through `onHealthChange`.
   */
  readonly outageRetryMs?: number;
}

// int8 (bigint/bigserial/count) as JS numbers, as on SQLite: ids and epoch-ms stay far below 2^53.
const typesOf = (driver: typeof pg) => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === driver.types.builtins.INT8 ? (value: string) => Number(value) : driver.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
});

/**
 * Opens Baton's PostgreSQL store (for several machines and processes): a connection pool, the schema
 * created if needed, every pending migration applied.
 *
 * @example
 * const storage = await createPostgresStorage({ url: 'postgres://baton@db:5432/baton' });
 * const claimed = await storage.claimNextRun('worker-1');
 * await storage.close();
 */
export async function createPostgresStorage(options: PostgresStorageOptions): Promise<PostgresStorage> {
  const setting = options.setting ?? 'BATON_DATABASE_URL';
  const target = parsePostgresUrl(options.url, setting);
  const schema = checkSchemaName(options.schema ?? 'public', 'PostgreSQL storage');
  // loaded here, not at the top: SQLite projects never pay for the PostgreSQL driver at start-up
  const { default: driver } = await import('pg');
  const pool = new driver.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // Baton's statements are key lookups and batch writes whose best plan does not depend on the
    // values bound: generic plans let prepared statements (see autoPreparePool) skip planning, which
    // otherwise costs as much as executing a small event batch.
    options: `-c search_path=${schema} -c plan_cache_mode=force_generic_plan`,
    types: typesOf(driver),
  });
  // A dropped connection must never reach the process as an unhandled 'error' event: idle clients
  // report through the pool, checked-out ones (mid-transaction, between statements) through their own.
  const health = new ConnectionHealth({ probe: () => pool.query('select 1') });
  const onConnectionError = (error: unknown) => {
    if (isConnectionError(error)) health.failed(error);
  };
  pool.on('error', onConnectionError); // the idle client is dropped and replaced on next use
  pool.on('connect', (client) => client.on('error', onConnectionError));
  try {
    const client = await pool.connect();
    try {
      await client.query(`create schema if not exists "${schema}"`);
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error; // created concurrently by another process
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw mapPostgresError(error, target);
  }
  const prepared = autoPreparePool(pool);
  const cap = postgresCapabilities(pool, prepared, schema);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: prepared }) });
  try {
    await migrateToLatest(db, cap, schema, `${target.host}:${target.port}/${target.database} (schema ${schema})`);
  } catch (error) {
    await db.destroy();
    throw mapPostgresError(error, target);
  }
  const mapError = (error: unknown) => mapPostgresError(error, target);
  const watch = postgresEventLogWatch(driver, { connectionString: options.url, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000, options: `-c search_path=${schema}` }, schema);
  const storage = createKyselyStorage(db, cap, mapError, watch, postgresAppendEvents(pool, prepared, eventLogLockKey(schema)));
  return retryOnOutage<PostgresStorage>(
    {
      ...storage,
      dialect: 'postgres',
      transitionRun: transitionRun(pool, prepared, cap, mapError, eventLogLockKey(schema)),
      health: () => health.current,
      onHealthChange: (listener) => health.onChange(listener),
      async close() {
        health.close();
        await storage.close();
      },
    },
    health,
    options.outageRetryMs ?? 0,
  );
}

/** Validates a PostgreSQL url; the error names `setting` and shows the url without its password. */
export function parsePostgresUrl(url: string, setting = 'BATON_DATABASE_URL'): PostgresTarget {
  const redacted = url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`${setting}=${redacted} is not a valid URL`, setting);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw invalid(`${setting}=${redacted} is not a PostgreSQL URL (scheme "${parsed.protocol.replace(/:$/, '')}")`, setting);
  }
  if (!parsed.hostname) throw invalid(`${setting}=${redacted} names no host`, setting);
  return {
    setting,
    host: parsed.hostname,
    port: parsed.port || '5432',
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username) || 'postgres',
    redactedUrl: redacted,
  };
}

function invalid(message: string, setting: string): BatonError {
  return new BatonError('STORAGE_CONFIG_INVALID', message, {
    hint: `set ${setting} to postgres://user:password@host:5432/database, or unset it to use the embedded SQLite store`,
    details: { setting },
  });
}
