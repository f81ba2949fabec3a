import { BatonError, type BatonStorage, type RunRecord } from '@baton/core';
import { RunPlan, StepPlan } from '@baton/planner';
import { readRunPlan } from '../execute/read-run-plan';
import { readRunLeftovers, type RunLeftovers } from './run-leftovers';

/**
 * The part of a run's plan that did not finish: steps that failed, were skipped, canceled or never
 * ran. Steps that succeeded are dropped (their stored outputs are reused), and dependencies on
 * them count as satisfied. With `left` (what the run left done, `readRunLeftovers`), a step over
 * several partitions keeps only the partitions that failed or never ran: those its STEP_FAILURE
 * named, and those not materialized for every asset of the step. A step whose partitions were all
 * materialized yet failed keeps all of them.
 *
 * @example
 * const rest = remainingPlan(plan, new Set(['raw/users']));
 * const narrowed = remainingPlan(plan, left.succeeded, left); // daily[p00..p23] → daily[p07]
 */
export function remainingPlan(plan: RunPlan, succeeded: ReadonlySet<string>, left?: Pick<RunLeftovers, 'materialized' | 'failedPartitions'>): RunPlan {
  const steps = plan.steps.filter((s) => !succeeded.has(s.key));
  const kept = new Set(steps.map((s) => s.key));
  const partitionsLeft = (step: StepPlan): readonly string[] => {
    if (!left || step.partitionKeys.length <= 1) return step.partitionKeys;
    const failed = left.failedPartitions.get(step.key);
    const rest = step.partitionKeys.filter((k) => failed?.has(k) || !step.assetKeys.every((a) => left.materialized.has(`${a}\u0000${k}`)));
    return rest.length > 0 ? rest : step.partitionKeys;
  };
  return RunPlan.create({
    ...plan,
    assetKeys: [...new Set(steps.flatMap((s) => s.assetKeys))],
    steps: steps.map((s) => StepPlan.create({ ...s, partitionKeys: partitionsLeft(s), dependsOn: s.dependsOn.filter((d) => kept.has(d)) })),
  });
}

/**
 * Creates a new queued run (with `parentRunId`) that executes only the steps of `parentRunId` that
 * failed or did not run — and of a step over several partitions only the partitions that failed or
 * never ran — reading the parent's stored outputs for the rest. Execute it with
 * `executeRun` or let a coordinator pick it up. Throws RUN_STATE_CONFLICT when the parent is still
 * going or succeeded entirely.
 *
 * @example
 * const retry = await reexecuteFromFailure(storage, failedRun.id);
 * await executeRun({ run: retry, definitions, storage, ioManagers });
 */
export async function reexecuteFromFailure(storage: BatonStorage, parentRunId: string, options: { priority?: number } = {}): Promise<RunRecord> {
  const parent = await storage.getRun(parentRunId);
  if (!parent) throw new BatonError('RUN_NOT_FOUND', `Run "${parentRunId}" does not exist`, { details: { runId: parentRunId } });
  if (parent.status !== 'failure' && parent.status !== 'canceled') {
    throw new BatonError('RUN_STATE_CONFLICT', `Run "${parentRunId}" is ${parent.status}; only failed or canceled runs can be re-executed from failure`, {
      hint: parent.status === 'success' ? 'launch a new run to materialize again' : 'wait for it to end, or cancel it first',
      details: { runId: parentRunId, status: parent.status },
    });
  }
  const plan = readRunPlan(parent.plan, parentRunId);
  const steps = await storage.listSteps(parentRunId);
  const succeeded = new Set(steps.filter((s) => s.status === 'success').map((s) => s.stepKey));
  const rest = remainingPlan(plan, succeeded, await readRunLeftovers(storage, parentRunId));
  const [run] = await storage.createRuns([
    {
      assetKeys: rest.assetKeys,
      partition: parent.partition,
      tags: { ...parent.tags, 'baton/parent-run': parentRunId },
      backfillId: parent.backfillId,
      parentRunId,
      priority: options.priority ?? parent.priority,
      plan: rest,
    },
  ]);
  return run!;
}
