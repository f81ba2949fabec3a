import { asset, BatonError, dailyPartitions, definitions, input, multiPartitions, specificPartitionsMapping, sql, sqlAsset, staticPartitions, timeWindowMapping, type AssetDefinition, type BatonStorage, type IOContext, type IOManager } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { materialize, memoryStorage } from './materialize';

/** One IO manager under test, opened afresh for every test. */
export interface ConformanceTarget {
  readonly name: string;
  /** Why the suite is skipped (e.g. no BATON_TEST_POSTGRES_URL), or undefined to run it. */
  readonly skip?: string;
  open(): Promise<OpenTarget>;
}

export interface OpenTarget {
  readonly io: IOManager;
  /** Column names of an asset's stored table (or files), in order. */
  columnNames(ctx: IOContext): Promise<string[]>;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ctxOf = (def: AssetDefinition<any, any, any>, partitionKey: string | null = null): IOContext => ({
  assetKey: def.key,
  partitionKey,
  runId: 'run-1',
  stepKey: def.key,
  metadata: def.metadata,
  group: def.group,
  partitions: def.partitions,
  outputSchema: def.outputSchema,
});

const Everything = z.object({
  name: z.string(),
  amount: z.number(),
  count: z.int(),
  active: z.boolean(),
  at: z.date(),
  payload: z.object({ tags: z.array(z.string()), depth: z.number() }),
  note: z.string().nullable(),
  score: z.number().nullable(),
  seen: z.date().nullable(),
});
const everyRow = (i: number) => ({
  name: `row ${i} 'quoted' "double" \\ tab\there, ümlaut ✓`,
  amount: i + 0.25,
  count: i * 1_000_000,
  active: i % 2 === 0,
  at: new Date(Date.UTC(2026, 0, 1, 12, 30, i)),
  payload: { tags: [`t${i}`, 'x'], depth: i },
  note: i % 2 ? null : `note ${i}\nsecond line`,
  score: i % 3 ? -i * 1.5 : null,
  seen: i % 2 ? new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 123)) : null,
});

const days = dailyPartitions({ start: '2026-01-01' });

/**
 * The behaviour every table IO manager shares: typed round-trips, partition overwrite, atomic writes,
 * multi-partitions, schema evolution, many partitions in one read, materialization metadata, and
 * SQL assets run through the real planner and runner (lineage, partition parameters, errors).
 */
export function ioManagerConformance(target: ConformanceTarget): void {
  describe.skipIf(target.skip !== undefined)(`${target.name}: IO manager conformance${target.skip ? ` (skipped: ${target.skip})` : ''}`, () => {
    let t: OpenTarget;
    let storage: BatonStorage;
    beforeEach(async () => {
      t = await target.open();
      storage = await memoryStorage();
    });
    afterEach(async () => {
      await storage.close();
      await t.close();
    });

    it('round-trips every column type (text, numeric, integer, boolean, timestamptz, jsonb, nulls) and reports rows, columns and bytes', async () => {
      const def = asset({ key: 'conf/everything', output: z.array(Everything), compute: () => [] });
      const rows = Array.from({ length: 5 }, (_, i) => everyRow(i));
      const metadata = (await t.io.handleOutput(ctxOf(def), rows))?.metadata;
      expect(await t.io.loadInput(ctxOf(def))).toEqual(rows);
      expect(metadata).toMatchObject({
        rowCount: 5,
        columns: [
          { name: 'name', type: 'text', nullable: false },
          { name: 'amount', type: 'numeric', nullable: false },
          { name: 'count', type: 'integer', nullable: false },
          { name: 'active', type: 'boolean', nullable: false },
          { name: 'at', type: 'timestamptz', nullable: false },
          { name: 'payload', type: 'jsonb', nullable: false },
          { name: 'note', type: 'text', nullable: true },
          { name: 'score', type: 'numeric', nullable: true },
          { name: 'seen', type: 'timestamptz', nullable: true },
        ],
      });
      expect((metadata as { bytes: number }).bytes).toBeGreaterThan(100);
      // stored, but empty, is not "never stored"
      await t.io.handleOutput(ctxOf(def), []);
      expect(await t.io.loadInput(ctxOf(def))).toEqual([]);
    });

    it('infers columns from the rows of an asset without an output schema', async () => {
      const def = asset({ key: 'conf/inferred', compute: () => [] });
      const rows = [{ id: 1, label: 'a', flag: true, at: new Date(Date.UTC(2026, 0, 1)), extra: { a: [1] } }, { id: 2.5, label: null, flag: false, at: null, extra: null }];
      await t.io.handleOutput(ctxOf(def), rows);
      expect(await t.io.loadInput(ctxOf(def))).toEqual(rows);
      await expect(t.io.handleOutput(ctxOf(def), 42)).rejects.toThrow(/returned number; a table IO manager stores an array of row objects/);
    });

    it('overwrites one partition and leaves the others; a partition never stored is an error naming it', async () => {
      const def = asset({ key: 'conf/orders', partitions: days, output: z.array(z.object({ id: z.int(), region: z.string() })), compute: () => [] });
      await t.io.handleOutput(ctxOf(def, '2026-01-01'), [{ id: 1, region: 'eu' }, { id: 2, region: 'us' }]);
      await t.io.handleOutput(ctxOf(def, '2026-01-02'), [{ id: 3, region: 'eu' }]);
      await t.io.handleOutput(ctxOf(def, '2026-01-01'), [{ id: 4, region: 'apac' }]);
      expect(await t.io.loadInput(ctxOf(def, '2026-01-01'))).toEqual([{ id: 4, region: 'apac' }]);
      expect(await t.io.loadInput(ctxOf(def, '2026-01-02'))).toEqual([{ id: 3, region: 'eu' }]);
      expect(await t.columnNames(ctxOf(def))).toEqual(['_partition', 'id', 'region']);
      // one wording for every IO manager: what, where, and what to do, said once
      const missing = await Promise.resolve().then(() => t.io.loadInput(ctxOf(def, '2026-01-05'))).then(() => undefined, (e: unknown) => e as { code: string; message: string });
      expect(missing).toMatchObject({ code: 'INPUT_INVALID', message: expect.stringMatching(/^No stored value for asset "conf\/orders" partition "2026-01-05" in .+\. materialize the upstream asset \(or that partition\) with this IO manager first$/) });
      expect(missing!.message.match(/materialize/g)).toHaveLength(1);
      // many partitions in one read, keyed by partition
      const many = await t.io.loadPartitions!(ctxOf(def), ['2026-01-01', '2026-01-02']);
      expect([...many]).toEqual([['2026-01-01', [{ id: 4, region: 'apac' }]], ['2026-01-02', [{ id: 3, region: 'eu' }]]]);
      // none asked (a mapping that selects no partition, e.g. the day before the first): an empty map
      expect([...(await t.io.loadPartitions!(ctxOf(def), []))]).toEqual([]);
    });

    it('a write that fails midway leaves the previous partition intact', async () => {
      const def = asset({ key: 'conf/atomic', partitions: days, output: z.array(z.object({ id: z.int(), v: z.string() })), compute: () => [] });
      const before = Array.from({ length: 10 }, (_, i) => ({ id: i, v: `old ${i}` }));
      await t.io.handleOutput(ctxOf(def, '2026-01-01'), before);
      const bad = Array.from({ length: 5000 }, (_, i) => ({ id: i === 4321 ? ('not a number' as unknown as number) : i, v: `new ${i}` }));
      await expect(t.io.handleOutput(ctxOf(def, '2026-01-01'), bad)).rejects.toThrow();
      expect(await t.io.loadInput(ctxOf(def, '2026-01-01'))).toEqual(before);
    });

    it('stores multi-partitions with one partition column per dimension', async () => {
      const byRegion = multiPartitions({ day: days, region: staticPartitions(['eu', 'us']) });
      const def = asset({ key: 'conf/sales', partitions: byRegion, output: z.array(z.object({ amount: z.number() })), compute: () => [] });
      await t.io.handleOutput(ctxOf(def, '2026-01-01|eu'), [{ amount: 1 }]);
      await t.io.handleOutput(ctxOf(def, '2026-01-01|us'), [{ amount: 2 }, { amount: 3 }]);
      await t.io.handleOutput(ctxOf(def, '2026-01-02|eu'), [{ amount: 4 }]);
      await t.io.handleOutput(ctxOf(def, '2026-01-01|us'), [{ amount: 5 }]);
      expect(await t.columnNames(ctxOf(def))).toEqual(['_partition_day', '_partition_region', 'amount']);
      expect(await t.io.loadInput(ctxOf(def, '2026-01-01|us'))).toEqual([{ amount: 5 }]);
      const many = await t.io.loadPartitions!(ctxOf(def), ['2026-01-01|eu', '2026-01-02|eu']);
      expect(Object.fromEntries(many)).toEqual({ '2026-01-01|eu': [{ amount: 1 }], '2026-01-02|eu': [{ amount: 4 }] });
    });

    it('migrates an added nullable column and refuses a changed type, naming the column', async () => {
      const v1 = asset({ key: 'conf/evolving', partitions: days, output: z.array(z.object({ id: z.int(), name: z.string() })), compute: () => [] });
      await t.io.handleOutput(ctxOf(v1, '2026-01-01'), [{ id: 1, name: 'a' }]);
      const v2 = asset({ key: 'conf/evolving', partitions: days, output: z.array(z.object({ id: z.int(), name: z.string(), email: z.string().nullable() })), compute: () => [] });
      await t.io.handleOutput(ctxOf(v2, '2026-01-02'), [{ id: 2, name: 'b', email: 'b@example.com' }]);
      expect(await t.io.loadInput(ctxOf(v2, '2026-01-02'))).toEqual([{ id: 2, name: 'b', email: 'b@example.com' }]);
      expect(await t.io.loadInput(ctxOf(v1, '2026-01-01'))).toMatchObject([{ id: 1, name: 'a' }]);
      const v3 = asset({ key: 'conf/evolving', partitions: days, output: z.array(z.object({ id: z.string(), name: z.string() })), compute: () => [] });
      const error = await Promise.resolve(t.io.handleOutput(ctxOf(v3, '2026-01-03'), [{ id: 'x', name: 'c' }])).catch((e: unknown) => e);
      expect(BatonError.is(error, 'IO_SCHEMA_INCOMPATIBLE')).toBe(true);
      expect((error as Error).message).toMatch(/Column "id" of table .*evolving.* but the asset now writes text/);
      expect(await t.io.loadInput(ctxOf(v2, '2026-01-02'))).toEqual([{ id: 2, name: 'b', email: 'b@example.com' }]);
    });

    describe('streamed outputs', () => {
      const Reading = z.object({ id: z.int(), sensor: z.string(), value: z.number() });
      const ROWS = 12_345; // more than two COPY/append batches
      const reading = (i: number, day: string) => ({ id: i, sensor: `s${i % 7} ${day}`, value: i / 4 });
      let poison: number | undefined;
      const readings = asset({
        key: 'stream/readings',
        partitions: days,
        output: z.array(Reading),
        async *compute(ctx) {
          for (let i = 0; i < ROWS; i++) {
            if (i % 1000 === 0) await Promise.resolve(); // a real async producer
            yield i === poison ? { ...reading(i, ctx.partitionKey!), value: 'oops' as unknown as number } : reading(i, ctx.partitionKey!);
          }
        },
      });
      const defs = definitions({ assets: [readings] });

      it('writes an asset that yields its rows (async function*) and records its metadata and a content data version', async () => {
        poison = undefined;
        const io = { default: t.io };
        expect(await materialize(storage, defs, io, 'stream/readings', ['2026-01-02'])).toEqual({ status: 'success', error: '' });
        const rows = (await t.io.loadInput(ctxOf(readings, '2026-01-02'))) as { id: number }[];
        expect(rows).toHaveLength(ROWS);
        expect([...rows].sort((a, b) => a.id - b.id)[ROWS - 1]).toEqual(reading(ROWS - 1, '2026-01-02'));
        const [first] = await storage.latestMaterializations(['stream/readings']);
        expect(first!.metadata).toMatchObject({ rowCount: ROWS, columns: [{ name: 'id', type: 'integer', nullable: false }, { name: 'sensor', type: 'text', nullable: false }, { name: 'value', type: 'numeric', nullable: false }] });
        expect(first!.dataVersion).toMatch(/\w{16,}/);
        // the same rows again: the same data version (from the stored content, not a new one per run)
        expect((await materialize(storage, defs, io, 'stream/readings', ['2026-01-02'])).status).toBe('success');
        const [again] = await storage.latestMaterializations(['stream/readings']);
        expect(again!.runId).not.toBe(first!.runId);
        expect(again!.dataVersion).toBe(first!.dataVersion);
      }, 60_000);

      it('fails the partition on an invalid streamed row, naming the row, and keeps the previous partition', async () => {
        poison = undefined;
        const io = { default: t.io };
        expect((await materialize(storage, defs, io, 'stream/readings', ['2026-01-03'])).status).toBe('success');
        poison = 9_876;
        const run = await materialize(storage, defs, io, 'stream/readings', ['2026-01-03']);
        expect(run.status).toBe('failure');
        expect(run.error).toMatch(/Asset "stream\/readings" partition "2026-01-03": output failed validation/);
        expect(run.error).toMatch(/row 9876: value: Invalid input: expected number, received string/);
        expect((await t.io.loadInput(ctxOf(readings, '2026-01-03'))) as unknown[]).toHaveLength(ROWS);
      }, 60_000);
    });

    describe('SQL assets', () => {
      const Order = z.object({ region: z.string(), amount: z.number(), at: z.date() });
      const orders = asset({
        key: 'raw/orders',
        group: 'raw',
        partitions: days,
        ioManager: 'engine',
        output: z.array(Order),
        compute: (ctx) => [
          { region: 'eu', amount: 10, at: new Date(ctx.timeWindow!.start + 3_600_000) },
          { region: 'eu', amount: 5, at: new Date(ctx.timeWindow!.start + 7_200_000) },
          { region: 'us', amount: Number(ctx.partitionKey!.slice(-2)), at: new Date(ctx.timeWindow!.start) },
        ],
      });
      const regions = asset({ key: 'dim/regions', group: 'dim', ioManager: 'engine', compute: () => [{ region: 'eu', name: 'Europe' }, { region: 'us', name: 'United States' }] });
      const daily = sqlAsset({
        key: 'marts/daily_revenue',
        group: 'marts',
        engine: 'engine',
        partitions: days,
        sql: sql`
          select r.name, sum(o.amount) as amount, count(*) as orders, ${sql.partitionKey} as day, min(o.at) >= ${sql.windowStart} and max(o.at) < ${sql.windowEnd} as in_window
          from ${orders} o join ${regions} r on r.region = o.region
          group by r.name order by r.name`,
      });
      const threeDays = sqlAsset({
        key: 'marts/three_days',
        group: 'marts',
        engine: 'engine',
        partitions: days,
        sql: sql`select count(*) as orders, sum(amount) as amount from ${input(orders, { mapping: timeWindowMapping({ startOffset: -2 }) })}`,
      });
      const report = asset({ key: 'reports/total', ioManager: 'engine', ins: { daily: input(daily, { mapping: specificPartitionsMapping(['2026-01-03', '2026-01-04']), load: 'many' }) }, compute: (_ctx, { daily: d }) => [{ total: [...d.values()].flat().reduce((s, r) => s + Number(r.amount), 0) }] });
      const broken = sqlAsset({ key: 'marts/broken', engine: 'engine', sql: sql`select no_such_column from ${regions}` });
      const defs = definitions({ assets: [orders, regions, daily, threeDays, report, broken] });

      it('runs in the engine with the partition as parameters, reading only the mapped upstream partitions', async () => {
        const io = { default: t.io, engine: t.io };
        expect((await materialize(storage, defs, io, 'raw/orders', { from: '2026-01-01', to: '2026-01-04' })).status).toBe('success');
        expect((await materialize(storage, defs, io, 'dim/regions')).status).toBe('success');
        const run = await materialize(storage, defs, io, 'marts/daily_revenue', ['2026-01-03']);
        expect(run).toEqual({ status: 'success', error: '' });
        const rows = (await t.io.loadInput(ctxOf(daily, '2026-01-03'))) as Record<string, unknown>[];
        expect(rows.map((r) => ({ ...r, amount: Number(r.amount), orders: Number(r.orders) }))).toEqual([
          { name: 'Europe', amount: 15, orders: 2, day: '2026-01-03', in_window: true },
          { name: 'United States', amount: 3, orders: 1, day: '2026-01-03', in_window: true },
        ]);
        const [m] = await storage.latestMaterializations(['marts/daily_revenue']);
        expect(m!.metadata).toMatchObject({ rowCount: 2, columns: expect.arrayContaining([{ name: 'amount', type: 'numeric', nullable: true }, { name: 'day', type: 'text', nullable: true }]) });
        expect(m!.metadata.bytes).toBeGreaterThan(0);
        // a window of three days reads exactly the three stored partitions it maps to
        expect((await materialize(storage, defs, io, 'marts/three_days', ['2026-01-04'])).status).toBe('success');
        const [three] = (await t.io.loadInput(ctxOf(threeDays, '2026-01-04'))) as { orders: number; amount: number }[];
        expect({ orders: Number(three!.orders), amount: Number(three!.amount) }).toEqual({ orders: 9, amount: 3 * 15 + 2 + 3 + 4 });
        // a TypeScript asset reads the SQL asset's partitions as rows
        expect((await materialize(storage, defs, io, 'marts/daily_revenue', ['2026-01-04'])).status).toBe('success');
        expect((await materialize(storage, defs, io, 'reports/total')).status).toBe('success');
        expect(await t.io.loadInput(ctxOf(report))).toEqual([{ total: 15 + 3 + 15 + 4 }]);
      }, 120_000);

      it('reports an error in the SQL with the asset key and the engine message', async () => {
        const io = { default: t.io, engine: t.io };
        expect((await materialize(storage, defs, io, 'dim/regions')).status).toBe('success');
        const run = await materialize(storage, defs, io, 'marts/broken');
        expect(run.status).toBe('failure');
        expect(run.error).toContain('SQL asset "marts/broken"');
        expect(run.error).toMatch(/no_such_column/);
      }, 60_000);
    });
  });
}

/** Column names of a table, from information_schema (DuckDB and PostgreSQL alike). */
export async function informationSchemaColumns(query: (sql: string, params: readonly string[]) => Promise<Record<string, unknown>[]>, location: { schema: string; table: string }): Promise<string[]> {
  const rows = await query('select column_name from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position', [location.schema, location.table]);
  return rows.map((r) => String(r.column_name));
}
