import type { BackfillRecord, RunRecord } from '@baton/core';
import type { Plan } from '@baton/planner';
import type { BatonContext } from '../context';

/**
 * Queues a plan's runs. A plan whose runs depend on each other (e.g. a self-dependent asset over a
 * range) is launched as a backfill, whose driver queues dependent runs once their upstream runs succeed.
 */
export async function launchPlan(ctx: BatonContext, plan: Plan, maxConcurrentRuns?: number): Promise<{ runs: RunRecord[]; backfill: BackfillRecord | null }> {
  if (plan.runs.some((r) => r.dependsOnRuns.length > 0)) {
    const backfill = await ctx.runControl.launchBackfill(plan, maxConcurrentRuns !== undefined ? { maxConcurrentRuns } : {});
    const runs = (await ctx.storage.listRuns({ backfillId: backfill.id }, { limit: 100 })).items;
    return { runs: [...runs], backfill };
  }
  const runs = await ctx.storage.createRuns(
    plan.runs.map((r) => ({ assetKeys: r.assetKeys, partition: r.partition, tags: r.tags, plan: r })),
  );
  return { runs, backfill: null };
}
