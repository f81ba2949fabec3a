import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

export interface AutoPrepareOptions {
  /** Executions of the same statement text after which it is prepared on the server. Default 3. */
  readonly threshold?: number;
  /** Distinct statements prepared at most (each is prepared once per connection). Default 256. */
  readonly maxPrepared?: number;
}

/** How many distinct statement texts are counted before counting stops (bounds memory). */
const MAX_COUNTED = 4_096;

/** A pg pool seen through Kysely's eyes, plus the same wrapping for a client checked out by hand. */
export interface AutoPreparePool extends PostgresPool {
  /** `client` (checked out of the same pool) with the same statement preparation. */
  wrap(client: pg.PoolClient): PostgresPoolClient;
  /** The prepared-statement name to run `text` under, once it has run often enough (for `pool.query` callers). */
  nameFor(text: string): string | undefined;
}

/**
 * The pool Kysely queries through on PostgreSQL: like pgjdbc's `prepareThreshold`, a statement with
 * parameters that has run `threshold` times becomes a named prepared statement, so its later runs
 * skip parsing and planning on the server (a run transition or claim is several short statements
 * whose parse and plan cost as much as their execution). Bounded: at most `maxPrepared` statements,
 * counted among at most 4,096 distinct texts; everything else runs as before (unnamed statements).
 *
 * @example
 * const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: autoPreparePool(pool) }) });
 */
export function autoPreparePool(pool: pg.Pool, options: AutoPrepareOptions = {}): AutoPreparePool {
  const threshold = options.threshold ?? 3;
  const maxPrepared = options.maxPrepared ?? 256;
  const counts = new Map<string, number>();
  const names = new Map<string, string>();

  const nameFor = (text: string): string | undefined => {
    const known = names.get(text);
    if (known || names.size >= maxPrepared) return known;
    const seen = (counts.get(text) ?? 0) + 1;
    if (seen < threshold) {
      if (counts.size < MAX_COUNTED || counts.has(text)) counts.set(text, seen);
      return undefined;
    }
    counts.delete(text);
    const name = `baton_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
    return name;
  };

  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query(sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) {
      if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as pg.Submittable) as never;
      const values = parameters as unknown[];
      const name = values.length > 0 ? nameFor(sqlOrCursor) : undefined;
      return (name ? client.query({ name, text: sqlOrCursor, values }) : client.query(sqlOrCursor, values)) as never;
    },
    release: () => client.release(),
  });

  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
    wrap,
    nameFor,
  };
}
