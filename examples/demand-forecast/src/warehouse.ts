import { asset, input, sql, sqlAsset, timeWindowMapping } from '@baton/core';
import { z } from 'zod';
import { days } from './partitions';
import { dailySales } from './sales';

/** The IO manager key of the PostgreSQL destination (see `demandForecast({ warehouse })`). */
export const WAREHOUSE = 'warehouse';

/** A row of the published sales table. */
const SalesRow = z.object({ day: z.string(), store_id: z.string(), units: z.int() });

/**
 * Publish: the cleaned daily sales as a PostgreSQL table (`"warehouse"."warehouse_daily_sales"`),
 * typed from the output schema, one `_partition` per day, each day replaced in one transaction.
 */
export const publishedSales = asset({
  key: 'warehouse/daily_sales',
  group: 'warehouse',
  owners: ['team:sales-data'],
  kinds: ['postgres'],
  partitions: days,
  ioManager: WAREHOUSE,
  output: z.array(SalesRow),
  ins: { sales: dailySales },
  compute: (_ctx, { sales }) => sales.map((s) => ({ day: s.day, store_id: s.storeId, units: s.units })),
});

/**
 * Units per store over the 7 days up to each day: a SQL asset PostgreSQL runs over the published
 * table's last seven partitions (the rows stay in the database), for dashboards that read the warehouse.
 */
export const weeklyUnits = sqlAsset({
  key: 'warehouse/weekly_units',
  group: 'warehouse',
  owners: ['team:sales-data'],
  kinds: ['sql', 'postgres'],
  engine: WAREHOUSE,
  partitions: days,
  sql: sql`
    select store_id, sum(units) as units, count(*) as days, ${sql.partitionKey} as through
    from ${input(publishedSales, { mapping: timeWindowMapping({ startOffset: -6 }) })}
    group by store_id
    order by store_id`,
});
