import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_POSTGRES_ENV } from '@baton/storage/testing';
import { autoPreparePool } from '../src/internal/auto-prepare-pool';

const url = process.env[TEST_POSTGRES_ENV];

describe.skipIf(!url)('[postgres] autoPreparePool', () => {
  it('prepares a statement with parameters once it has run `threshold` times, never one without, and at most `maxPrepared`', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const prepared = autoPreparePool(pool, { threshold: 3, maxPrepared: 2 });
    const client = await prepared.connect();
    const names = async () => {
      const result = await client.query<{ statement: string }>('select statement from pg_prepared_statements order by statement', []);
      return result.rows.map((r) => r.statement);
    };
    try {
      for (let i = 0; i < 2; i++) expect((await client.query<{ n: number }>('select $1::int as n', [i])).rows[0]!.n).toBe(i);
      expect(await names()).toEqual([]);
      await client.query('select $1::int as n', [2]);
      expect(await names()).toEqual(['select $1::int as n']);
      for (let i = 0; i < 5; i++) await client.query('select 1 as one', []); // no parameters: nothing to gain
      for (const text of ['select $1::text as t', 'select $1::int + 1 as m']) for (let i = 0; i < 3; i++) await client.query(text, [String(i)]);
      expect(await names()).toEqual(['select $1::int as n', 'select $1::text as t']); // the third is over maxPrepared
      expect((await client.query<{ m: number }>('select $1::int + 1 as m', ['41'])).rows[0]!.m).toBe(42); // still runs
      expect(prepared.nameFor('select $1::text as t')).toMatch(/^baton_[0-9a-f]{24}$/);
    } finally {
      client.release();
      await prepared.end();
    }
  });
});
