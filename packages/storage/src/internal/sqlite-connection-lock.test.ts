import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database as Schema } from './schema';
import { lockableSqliteDialect } from './sqlite-connection-lock';
import { withStatementCache } from './statement-cache';

describe('lockableSqliteDialect', () => {
  it('holds Kysely’s only connection: queries of the storage wait until the release, queries through `held` run inside', async () => {
    const handle = new Database(':memory:');
    const { dialect, lock } = lockableSqliteDialect(withStatementCache(handle));
    const db = new Kysely<Schema>({ dialect });
    await sql`create table t (x integer)`.execute(db);
    const release = await lock.acquire();
    handle.prepare('begin immediate').run();
    await sql`insert into t values (1)`.execute(lock.held);
    let outside: number | undefined;
    const read = sql<{ n: number }>`select count(*) as n from t`.execute(db).then((r) => (outside = r.rows[0]!.n));
    await new Promise((r) => setTimeout(r, 20));
    expect(outside).toBeUndefined(); // waits for the connection
    handle.prepare('rollback').run();
    await release();
    await read;
    expect(outside).toBe(0); // ran after the transaction, which was rolled back
    await db.destroy();
  });

  it('is idle only while no Kysely call holds or waits for the connection', async () => {
    const handle = new Database(':memory:');
    const { dialect, lock } = lockableSqliteDialect(withStatementCache(handle));
    expect(lock.idle()).toBe(false); // no driver yet: nothing known
    const db = new Kysely<Schema>({ dialect });
    await sql`create table t (x integer)`.execute(db);
    expect(lock.idle()).toBe(true);
    const release = await lock.acquire();
    expect(lock.idle()).toBe(false);
    const read = sql`select count(*) from t`.execute(db); // waits for the connection
    await release();
    expect(lock.idle()).toBe(false); // the waiting read has it now
    await read;
    expect(lock.idle()).toBe(true);
    const trx = db.transaction().execute(async (t) => {
      await sql`insert into t values (1)`.execute(t);
      expect(lock.idle()).toBe(false); // between two statements of a transaction
      await sql`insert into t values (2)`.execute(t);
    });
    await trx;
    expect(lock.idle()).toBe(true);
    await db.destroy();
  });
});
