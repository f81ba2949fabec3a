import { asset, deadline, eager, identityMapping, input, maxAge, multiPartitionMapping, multiToSingleDimensionMapping, seededRandom, sql, sqlAsset, timeWindowMapping } from '@baton/core';
import { PRODUCTS, REGIONS } from './catalog';
import { daily, dailyByRegion, hourly, monthlyByRegion } from './partitions';

// Every asset here is stored by the `warehouse` IO manager, DuckDB writing Parquet files (see definitions.ts).
const warehouse = 'warehouse';

// ── dimensions: small unpartitioned tables ──────────────────────────────────────────────────────────

export const regionsDim = asset({
  key: 'dim/regions',
  group: 'dimensions',
  description: 'One row per sales region.',
  owners: ['team:data-eng'],
  tags: { layer: 'dimension' },
  kinds: ['parquet'],
  ioManager: warehouse,
  compute: () => REGIONS.map((r) => ({ ...r })),
});

export const productsDim = asset({
  key: 'dim/products',
  group: 'dimensions',
  description: 'The product catalog with prices in cents.',
  owners: ['team:data-eng'],
  tags: { layer: 'dimension' },
  kinds: ['parquet'],
  ioManager: warehouse,
  compute: () => PRODUCTS.map((p) => ({ ...p })),
});

// ── ingestion: hourly events ────────────────────────────────────────────────────────────────────────

/**
 * One hour of order events from every region (simulated, seeded by hour: the same hour always gives
 * the same events). Busier in each region's daytime. Reads the catalog for prices: an unpartitioned
 * upstream is read whole by every hourly partition.
 */
export const rawEvents = asset({
  key: 'raw/events',
  group: 'ingest',
  description: 'Order events, one partition per hour.',
  owners: ['team:data-eng'],
  tags: { layer: 'bronze' },
  kinds: ['parquet', 'events'],
  partitions: hourly,
  ioManager: warehouse,
  ins: { products: productsDim },
  compute: (ctx, { products }) => {
    const hourStart = ctx.timeWindow!.start;
    const random = seededRandom('events', ctx.partitionKey!);
    const events = REGIONS.flatMap((region) => {
      const localHour = (new Date(hourStart).getUTCHours() + region.utc_offset_hours + 24) % 24;
      const busy = localHour >= 9 && localHour < 21 ? 14 : 3;
      return Array.from({ length: Math.floor(busy * (0.5 + random())) }, (_, n) => {
        const product = products[Math.floor(random() * products.length)]!;
        return {
          event_id: `${ctx.partitionKey}/${region.region}/${n}`,
          occurred_at: new Date(hourStart + Math.floor(random() * 3_600_000)).toISOString(),
          region: region.region,
          sku: product.sku,
          quantity: 1 + Math.floor(random() * random() * 4),
          unit_price_cents: product.unit_price_cents,
        };
      });
    });
    ctx.addMetadata({ events: events.length });
    return events;
  },
});

// ── rollups: region × day, region × month, day, running total ───────────────────────────────────────

/**
 * Daily sales per region and category. A partition like `2026-01-01|emea` reads the 24 hourly event
 * partitions of its day: `multiToSingleDimensionMapping` maps the `day` dimension to the hourly
 * partitions by time (and keeps the region to filter on).
 */
export const dailySales = asset({
  key: 'rollups/daily_sales',
  group: 'rollups',
  owners: ['analytics@example.com'],
  tags: { layer: 'silver' },
  kinds: ['parquet'],
  partitions: dailyByRegion,
  ioManager: warehouse,
  ins: {
    events: input(rawEvents, { mapping: multiToSingleDimensionMapping({ dimension: 'day' }), load: 'many' }),
    products: productsDim,
  },
  compute: (ctx, { events, products }) => {
    const { day, region } = ctx.partitionDimensions as { day: string; region: string };
    const category = new Map(products.map((p) => [p.sku, p.category]));
    const byCategory = new Map<string, { orders: number; units: number; revenue_cents: number }>();
    for (const hour of events.values()) {
      for (const e of hour) {
        if (e.region !== region) continue;
        const c = category.get(e.sku) ?? 'unknown';
        const row = byCategory.get(c) ?? { orders: 0, units: 0, revenue_cents: 0 };
        row.orders += 1;
        row.units += e.quantity;
        row.revenue_cents += e.quantity * e.unit_price_cents;
        byCategory.set(c, row);
      }
    }
    return [...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([category, r]) => ({ day, region, category, ...r }));
  },
});

/**
 * Monthly sales per region and category, from the daily rollup. Per-dimension mappings: a month reads
 * the days inside it (`timeWindowMapping`), a region reads the same region (`identityMapping`).
 */
export const monthlySales = asset({
  key: 'rollups/monthly_sales',
  group: 'rollups',
  owners: ['analytics@example.com'],
  tags: { layer: 'gold' },
  kinds: ['parquet'],
  partitions: monthlyByRegion,
  ioManager: warehouse,
  ins: {
    days: input(dailySales, {
      mapping: multiPartitionMapping({
        day: { dimension: 'month', mapping: timeWindowMapping() },
        region: { dimension: 'region', mapping: identityMapping() },
      }),
      load: 'many',
    }),
  },
  compute: (ctx, { days }) => {
    const { month, region } = ctx.partitionDimensions as { month: string; region: string };
    const byCategory = new Map<string, { orders: number; units: number; revenue_cents: number; days: number }>();
    for (const rows of days.values()) {
      for (const r of rows) {
        const row = byCategory.get(r.category) ?? { orders: 0, units: 0, revenue_cents: 0, days: 0 };
        row.orders += r.orders;
        row.units += r.units;
        row.revenue_cents += r.revenue_cents;
        row.days += 1;
        byCategory.set(r.category, row);
      }
    }
    ctx.addMetadata({ days: days.size });
    return [...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([category, r]) => ({ month, region, category, ...r }));
  },
});

/** Revenue per region for one day: the `day` dimension of the region × day rollup, all regions at once. */
export const dailyRevenue = asset({
  key: 'rollups/daily_revenue',
  group: 'rollups',
  owners: ['analytics@example.com'],
  tags: { layer: 'gold' },
  kinds: ['parquet'],
  partitions: daily,
  ioManager: warehouse,
  // health: yesterday's revenue should be in by 09:00 Berlin time (warns from 08:00)
  freshness: deadline({ cron: '0 9 * * *', timezone: 'Europe/Berlin' }),
  ins: { byRegion: input(dailySales, { mapping: multiToSingleDimensionMapping({ dimension: 'day' }), load: 'many' }) },
  compute: (ctx, { byRegion }) =>
    REGIONS.map(({ region }) => {
      const rows = byRegion.get(`${ctx.partitionKey}|${region}`) ?? [];
      return { day: ctx.partitionKey!, region, revenue_cents: rows.reduce((s, r) => s + r.revenue_cents, 0) };
    }),
});

/** A row of the running total. */
export interface CumulativeRow {
  readonly day: string;
  readonly region: string;
  readonly revenue_cents: number;
  readonly cumulative_cents: number;
}

/**
 * Revenue to date: day t = day t−1 of itself + day t's revenue. A self-dependency is allowed only on
 * strictly earlier partitions (here: the previous day); backfills run its partitions oldest first, one
 * after the other. The asset cannot name itself as a variable, so the input uses its key and a type.
 */
export const cumulativeRevenue = asset({
  key: 'rollups/cumulative_revenue',
  group: 'rollups',
  description: 'Revenue since 2026-01-01 per region, day by day.',
  owners: ['analytics@example.com'],
  tags: { layer: 'gold' },
  kinds: ['parquet'],
  partitions: daily,
  ioManager: warehouse,
  ins: {
    today: dailyRevenue,
    // the previous day of this asset; `load: 'many'` gives an empty map on the first day
    previous: input<CumulativeRow[]>('rollups/cumulative_revenue', { mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }), load: 'many' }),
  },
  compute: (_ctx, { today, previous }): CumulativeRow[] => {
    const before = [...previous.values()][0] ?? [];
    return today.map((t) => ({ ...t, cumulative_cents: (before.find((b) => b.region === t.region)?.cumulative_cents ?? 0) + t.revenue_cents }));
  },
});

// ── reports: unpartitioned, SQL run inside the warehouse ────────────────────────────────────────────

/**
 * Regions ranked by revenue over every month loaded so far: a SQL asset. DuckDB runs the query over the
 * monthly rollup's Parquet files (the stored months only) and writes the result; the rows never pass
 * through Node. The interpolated `${monthlySales}` is its upstream: lineage, staleness and ordering.
 */
export const regionLeaderboard = sqlAsset({
  key: 'reports/region_leaderboard',
  group: 'reports',
  description: 'Regions ranked by revenue, all loaded months.',
  owners: ['analytics@example.com'],
  tags: { layer: 'report' },
  kinds: ['sql', 'duckdb'],
  engine: warehouse,
  // rebuilt by the automation daemon whenever a monthly rollup it reads is updated (once none is missing)
  automation: eager(),
  freshness: maxAge({ days: 1, warnAfter: { hours: 12 } }),
  sql: sql`
    select row_number() over (order by sum(revenue_cents) desc) as rank, region, sum(revenue_cents) as revenue_cents, count(distinct month) as months
    from ${monthlySales}
    group by region
    order by rank`,
});
