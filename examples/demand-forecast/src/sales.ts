import { asset, seededRandom } from '@baton/core';
import { days } from './partitions';
import { STORES, trueUnits } from './simulation';

/** An order line as the (simulated) point-of-sale export has it. */
export interface OrderLine {
  readonly orderId: string;
  readonly storeId: string;
  readonly quantity: number;
  readonly status: 'completed' | 'cancelled' | 'test';
}

/** Extract: the day's order lines from the point-of-sale system, with duplicates, cancellations and test orders. */
export const rawOrders = asset({
  key: 'sales/raw_orders',
  group: 'sales',
  owners: ['team:sales-data'],
  kinds: ['pos'],
  partitions: days,
  compute: (ctx) => {
    const day = ctx.partitionKey!;
    const random = seededRandom('orders', day);
    const lines: OrderLine[] = [];
    for (const store of STORES) {
      let left = trueUnits(day, store);
      for (let n = 0; left > 0; n++) {
        const quantity = Math.min(left, 1 + Math.floor(random() * 4));
        left -= quantity;
        const line: OrderLine = { orderId: `${store.id}-${day}-${n}`, storeId: store.id, quantity, status: 'completed' };
        lines.push(line);
        if (random() < 0.03) lines.push(line); // the export sometimes repeats a line
        if (random() < 0.02) lines.push({ ...line, orderId: `${line.orderId}-c`, status: 'cancelled' });
      }
      lines.push({ orderId: `${store.id}-${day}-test`, storeId: store.id, quantity: 99, status: 'test' });
    }
    ctx.addMetadata({ lines: lines.length });
    return lines;
  },
});

/** Clean: completed orders only, each order once, summed to units per store. */
export const dailySales = asset({
  key: 'sales/daily_sales',
  group: 'sales',
  owners: ['team:sales-data'],
  partitions: days,
  ins: { orders: rawOrders }, // orders: OrderLine[]
  compute: (ctx, { orders }) => {
    const seen = new Set<string>();
    const units = new Map<string, number>();
    for (const o of orders) {
      if (o.status !== 'completed' || seen.has(o.orderId)) continue;
      seen.add(o.orderId);
      units.set(o.storeId, (units.get(o.storeId) ?? 0) + o.quantity);
    }
    ctx.addMetadata({ dropped: orders.length - seen.size });
    return STORES.map((s) => ({ day: ctx.partitionKey!, storeId: s.id, units: units.get(s.id) ?? 0 }));
  },
});
