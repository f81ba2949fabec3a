import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readRows } from './read-rows';

/** Columns are sized by the expected count; a count that is wrong either way must not change the rows. */
describe('readRows with an expected row count', () => {
  const query = `select cast(i as DOUBLE) as x, i % 3 = 0 as b, case when i % 7 = 0 then NULL else cast(i * 1000 as DOUBLE) end as t from range(5000) as r(i)`;
  const expected = Array.from({ length: 5000 }, (_, i) => ({ x: i, b: i % 3 === 0, t: i % 7 === 0 ? null : new Date(i * 1000) }));

  it.each([0, 10, 5000, 100_000])('reads every row exactly when %i rows are expected', async (expectedRows) => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const rows = await readRows(await connection.stream(query), { dates: new Set(['t']), expectedRows });
      expect(rows).toEqual(expected);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
