import type { BackfillRecord, Definitions, IOManager, NewRun, RunRecord } from '@baton/core';
import type { Plan } from '@baton/planner';
import { executePlan, launchBackfill, notifyRunsQueued, type ExecutePlanOptions, type PlanRunOutcome } from '@baton/runner';
import type { ActionContext } from './action-context';

/** Run this plan in the calling process (as `baton materialize`), instead of queueing it for a coordinator. */
export interface ExecuteHere extends Omit<ExecutePlanOptions, 'plan' | 'storage' | 'definitions' | 'ioManagers'> {
  readonly definitions: Definitions;
  readonly ioManagers: Readonly<Record<string, IOManager>>;
}

export interface LaunchPlanOptions {
  /** At most this many runs of a backfill queued or running at once. */
  readonly maxConcurrentRuns?: number;
  /** Execute in this process and wait for the end; default: queue the runs and return at once. */
  readonly executeHere?: ExecuteHere;
}

export interface Launched {
  /** The runs created (for a backfill: its first ones; the driver queues the rest). */
  readonly runs: readonly RunRecord[];
  /** Set when the plan's runs depend on each other and were launched as a backfill (queued mode). */
  readonly backfill: BackfillRecord | null;
  /** How each run ended (executeHere only; null when queued). */
  readonly outcomes: readonly PlanRunOutcome[] | null;
}

const newRun = (run: Plan['runs'][number]): NewRun => ({ assetKeys: run.assetKeys, partition: run.partition, tags: run.tags, plan: run });

/**
 * The one way a plan is launched, for the CLI, the API, the daemon and tests. Queued (the default):
 * the runs go on the run queue in one `createRuns` call, and a plan whose runs depend on each other
 * (a self-dependent asset over a range) becomes a backfill, whose driver queues each run once the
 * runs it depends on succeeded. With `executeHere`, this process executes the runs in order, each
 * created already claimed, so no other process executes them too.
 *
 * @example
 * const { runs, backfill } = await launchPlan(ctx, plan);                                  // API, daemon
 * const { outcomes } = await launchPlan(ctx, plan, { executeHere: { definitions, ioManagers } }); // CLI
 */
export async function launchPlan(ctx: ActionContext, plan: Plan, options: LaunchPlanOptions = {}): Promise<Launched> {
  const [launched] = await launchPlans(ctx, [plan], options);
  return launched!;
}

/**
 * `launchPlan` for several plans at once (the daemon's tick): the runs of every plan without
 * dependent runs are created in one `createRuns` call.
 *
 * @example
 * const launched = await launchPlans(ctx, plans); // one Launched per plan, in order
 */
export async function launchPlans(ctx: ActionContext, plans: readonly Plan[], options: LaunchPlanOptions = {}): Promise<Launched[]> {
  const here = options.executeHere;
  if (here) {
    const launched: Launched[] = [];
    for (const plan of plans) {
      const runs: RunRecord[] = [];
      const { definitions, ioManagers, ...rest } = here;
      const outcomes = await executePlan({
        ...rest,
        plan,
        storage: ctx.storage,
        definitions,
        ioManagers,
        onRunCreated: (runPlan, run) => {
          runs.push(run);
          here.onRunCreated?.(runPlan, run);
        },
      });
      launched.push({ runs, backfill: null, outcomes });
    }
    ctx.onChanged?.();
    return launched;
  }
  const results: (Launched | undefined)[] = plans.map(() => undefined);
  const batch: { index: number; run: NewRun }[] = [];
  for (const [index, plan] of plans.entries()) {
    if (plan.runs.some((r) => r.dependsOnRuns.length > 0)) {
      const backfill = await launchBackfill(ctx.storage, plan, options.maxConcurrentRuns !== undefined ? { maxConcurrentRuns: options.maxConcurrentRuns } : {});
      const runs = (await ctx.storage.listRuns({ backfillId: backfill.id }, { limit: 100 })).items;
      results[index] = { runs: [...runs], backfill, outcomes: null };
      continue;
    }
    for (const run of plan.runs) batch.push({ index, run: newRun(run) });
  }
  const created = batch.length > 0 ? await ctx.storage.createRuns(batch.map((b) => b.run)) : [];
  const byPlan = plans.map(() => [] as RunRecord[]);
  created.forEach((run, i) => byPlan[batch[i]!.index]!.push(run));
  if (created.length > 0) notifyRunsQueued();
  ctx.onChanged?.();
  return results.map((r, i) => r ?? { runs: byPlan[i]!, backfill: null, outcomes: null });
}
