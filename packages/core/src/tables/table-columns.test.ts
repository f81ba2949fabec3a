import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dailyPartitions } from '../partitions/calendar-partitions';
import { multiPartitions } from '../partitions/multi-partitions';
import { staticPartitions } from '../partitions/static-partitions';
import { partitionColumns } from './partition-columns';
import { planTableChange } from './plan-table-change';
import { columnsFromOutputSchema, inferColumns, tableRows } from './table-columns';

describe('table columns', () => {
  it('types columns from a zod output schema', () => {
    const schema = z.array(
      z.object({ s: z.string(), n: z.number().nonnegative(), i: z.number().int(), j: z.int(), b: z.boolean(), d: z.date(), o: z.object({ x: z.number() }), a: z.array(z.string()), e: z.enum(['x', 'y']), ns: z.string().nullable(), on: z.number().optional() }),
    );
    expect(columnsFromOutputSchema(schema)).toEqual([
      { name: 's', type: 'text', nullable: false },
      { name: 'n', type: 'numeric', nullable: false },
      { name: 'i', type: 'integer', nullable: false },
      { name: 'j', type: 'integer', nullable: false },
      { name: 'b', type: 'boolean', nullable: false },
      { name: 'd', type: 'timestamptz', nullable: false },
      { name: 'o', type: 'jsonb', nullable: false },
      { name: 'a', type: 'jsonb', nullable: false },
      { name: 'e', type: 'text', nullable: false },
      { name: 'ns', type: 'text', nullable: true },
      { name: 'on', type: 'numeric', nullable: true },
    ]);
    expect(columnsFromOutputSchema(z.number())).toBeUndefined();
    expect(() => columnsFromOutputSchema(z.array(z.object({ f: z.symbol() })), 'asset "x"')).toThrow(/Field "f" of asset "x"'s output schema has a zod type "symbol"/);
  });

  it('infers nullable columns from rows without a schema', () => {
    expect(inferColumns([{ id: 1, at: new Date(), v: null }, { id: 2, note: 'x', v: 'y', mixed: 1 }, { mixed: 'a' }])).toEqual([
      { name: 'id', type: 'numeric', nullable: true },
      { name: 'at', type: 'timestamptz', nullable: true },
      { name: 'v', type: 'text', nullable: true },
      { name: 'note', type: 'text', nullable: true },
      { name: 'mixed', type: 'jsonb', nullable: true },
    ]);
  });

  it('refuses values that are not arrays of row objects', () => {
    expect(() => tableRows('raw/x', 42)).toThrow(/Asset "raw\/x" returned number; a table IO manager stores an array of row objects/);
    expect(() => tableRows('raw/x', [{ a: 1 }, 'b'])).toThrow(/row 1 is string/);
  });

  it('plans added nullable columns and refuses type changes, naming the column', () => {
    const existing = [{ name: 'id', type: 'integer' as const, nullable: false, engineType: 'bigint' }, { name: 'old', type: 'text' as const, nullable: false, engineType: 'text' }];
    expect(planTableChange('s.t', existing, [{ name: 'id', type: 'integer', nullable: false }, { name: 'note', type: 'text', nullable: true }])).toEqual({
      add: [{ name: 'note', type: 'text', nullable: true }],
      dropNotNull: ['old'],
    });
    expect(() => planTableChange('s.t', existing, [{ name: 'id', type: 'text', nullable: false }])).toThrow(/Column "id" of table s.t is bigint, but the asset now writes text/);
    expect(() => planTableChange('s.t', existing, [{ name: 'added', type: 'text', nullable: false }])).toThrow(/has no column "added", and the asset now writes it as NOT NULL/);
  });

  it('names one partition column per dimension', () => {
    const days = dailyPartitions({ start: '2026-01-01' });
    expect(partitionColumns(undefined).columns).toEqual([]);
    expect(partitionColumns(days).columns.map((c) => c.name)).toEqual(['_partition']);
    const multi = partitionColumns(multiPartitions({ region: staticPartitions(['eu']), day: days }));
    expect(multi.columns.map((c) => c.name)).toEqual(['_partition_day', '_partition_region']);
    expect(multi.values('2026-01-02|eu')).toEqual(['2026-01-02', 'eu']);
  });
});
