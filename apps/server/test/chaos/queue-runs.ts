import { join } from 'node:path';
import type { BatonStorage } from '@baton/core';

/**
 * Queues one run per day of raw/orders → clean/orders in the shop fixture project at `dir`, straight
 * into `storage` (what the API or a schedule does): whoever executes queued runs takes them.
 */
export async function queueShopRuns(storage: BatonStorage, dir: string, from: string, to: string): Promise<string[]> {
  const { planMaterialize } = await import('@baton/planner');
  const defs = (await import(join(dir, 'baton.config.ts'))).default;
  const plan = planMaterialize(defs, await storage.loadStateSnapshot({ now: Date.now() }), ['raw/orders', 'clean/orders'], { from, to }, { runPolicy: { kind: 'per-partition' } });
  const runs = await storage.createRuns(plan.runs.map((r) => ({ assetKeys: r.assetKeys, partition: r.partition, plan: r })));
  return runs.map((r) => r.id);
}
