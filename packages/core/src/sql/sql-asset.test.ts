import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asset } from '../assets/asset';
import { input } from '../assets/input';
import { BatonError } from '../errors/baton-error';
import { definitions } from '../graph/definitions';
import { timeWindowMapping } from '../mappings/time-window-mapping';
import { dailyPartitions } from '../partitions/calendar-partitions';
import { multiPartitions } from '../partitions/multi-partitions';
import { staticPartitions } from '../partitions/static-partitions';
import { normalizeSql, renderSql, sqlText } from './render-sql';
import { sql } from './sql';
import { sqlAsset } from './sql-asset';

const days = dailyPartitions({ start: '2026-01-01' });
const orders = asset({ key: 'raw/orders', partitions: days, compute: () => [{ region: 'eu', amount: 1 }] });
const regions = asset({ key: 'dim/regions', compute: () => [{ region: 'eu', name: 'Europe' }] });

describe('sqlAsset', () => {
  it('takes its lineage from the interpolations, with their mappings', () => {
    const revenue = sqlAsset({
      key: 'marts/revenue',
      engine: 'duckdb',
      partitions: days,
      sql: sql`select o.region, r.name, sum(amount) as amount
               from ${input(orders, { mapping: timeWindowMapping({ startOffset: -6 }) })} o join ${regions} r using (region)
               where o.region <> ${sql.partitionKey} group by 1, 2`,
    });
    expect(revenue.deps.map((d) => d.assetKey)).toEqual(['raw/orders', 'dim/regions']);
    expect(revenue.deps[0]!.mapping).toBeDefined();
    expect(revenue.inputs).toEqual([]);
    expect(revenue.ioManager).toBe('duckdb');
    expect(revenue.kinds).toEqual(['sql']);
    const defs = definitions({ assets: [orders, regions, revenue] });
    expect(defs.graph.parents('marts/revenue')).toEqual(expect.arrayContaining(['raw/orders', 'dim/regions']));
  });

  it('names one relation once however often it is interpolated', () => {
    const q = sql`select * from ${regions} union all select * from ${regions}`;
    expect(q.relations).toHaveLength(1);
    expect(q.parts).toEqual([{ kind: 'relation', relation: 0 }, { kind: 'relation', relation: 0 }]);
  });

  it('derives the code version from the normalised SQL text', () => {
    const a = sqlAsset({ key: 'm/a', engine: 'duckdb', sql: sql`select region,  count(*) -- rows\n  from ${regions} group by 1;` });
    const b = sqlAsset({ key: 'm/a', engine: 'duckdb', sql: sql`select region, count(*) from ${regions} /* same */ group by 1` });
    const c = sqlAsset({ key: 'm/a', engine: 'duckdb', sql: sql`select region, count(*) from ${regions} group by 1 having count(*) > 1` });
    expect(a.codeVersion).toBe(b.codeVersion);
    expect(c.codeVersion).not.toBe(a.codeVersion);
    expect(normalizeSql(a.sql!)).toBe('select region, count(*) from {{dim/regions}} group by 1');
    // people see it as written, upstreams by key
    expect(sqlText(sql`
      select region
        from ${regions}
       where region = ${sql.partitionKey}
    `)).toBe('select region\n  from {{dim/regions}}\n where region = {{partitionKey}}');
    // string literals keep their spacing
    expect(normalizeSql(sql`select 'a  -- b'  as x`)).toBe("select 'a  -- b' as x");
  });

  it('renders relations through the dialect and partition bindings as parameters, never as text', () => {
    const q = sql`select * from ${orders} where day = ${sql.partitionKey} and at >= ${sql.windowStart} and at < ${sql.windowEnd}`;
    const rendered = renderSql(q, { placeholder: (n) => `$${n}`, relation: (_i, bind) => `(select * from t where p = any(${bind(['2026-01-01'])}))` }, {
      partitionKey: "2026-01-01'; drop table x; --",
      windowStart: '2026-01-01T00:00:00.000Z',
      windowEnd: '2026-01-02T00:00:00.000Z',
    });
    expect(rendered.text).toBe('with __baton_relation_0 as (select * from t where p = any($1)) select * from __baton_relation_0 where day = cast($2 as text) and at >= cast($3 as timestamptz) and at < cast($4 as timestamptz)');
    // a query with its own common table expressions keeps them, after the relations
    const own = renderSql(sql`with recursive x as (select * from ${orders}) select * from x`, { placeholder: (n) => `$${n}`, relation: () => '(select 1)' }, {});
    expect(own.text).toBe('with recursive __baton_relation_0 as (select 1), x as (select * from __baton_relation_0) select * from x');
    expect(rendered.values).toEqual([['2026-01-01'], "2026-01-01'; drop table x; --", '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z']);
  });

  it('refuses bindings the partitions cannot give, and values spliced into the text', () => {
    expect(() => sqlAsset({ key: 'm/x', engine: 'duckdb', sql: sql`select ${sql.partitionKey}` })).toThrow(/not partitioned/);
    const regionsP = staticPartitions(['eu', 'us']);
    expect(() => sqlAsset({ key: 'm/x', engine: 'duckdb', partitions: regionsP, sql: sql`select ${sql.windowStart}` })).toThrow(/time-window partitions/);
    const multi = multiPartitions({ day: days, region: regionsP });
    expect(() => sqlAsset({ key: 'm/x', engine: 'duckdb', partitions: multi, sql: sql`select ${sql.dimension('country')}` })).toThrow(/dimensions: day, region/);
    expect(sqlAsset({ key: 'm/x', engine: 'duckdb', partitions: multi, sql: sql`select ${sql.dimension('region')}` }).sql!.parts).toEqual([{ kind: 'parameter', name: 'dimension:region' }]);
    // @ts-expect-error a plain value is not an interpolation
    expect(() => sql`select * from t where id = ${42}`).toThrow(BatonError);
  });

  it('types the asset from its output schema, and only row-storing assets fit between ${}', () => {
    const typed = sqlAsset({ key: 'm/t', engine: 'duckdb', output: z.array(z.object({ region: z.string() })), sql: sql`select region from ${regions}` });
    const downstream = asset({ key: 'm/d', ins: { t: typed }, compute: (_ctx, { t }) => t.map((r) => r.region.toUpperCase()) });
    expect(downstream.inputs[0]!.assetKey).toBe('m/t');
    const scalar = asset({ key: 'm/n', compute: () => 42 });
    // @ts-expect-error an asset whose value is a number is no table
    expect(() => sql`select * from ${scalar}`).not.toThrow();
  });
});
