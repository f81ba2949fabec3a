import { BatonError, type BatonStorage, type RunRecord } from '@baton/core';
import { RunPlan, StepPlan } from '@baton/planner';
import { readRunPlan } from '../execute/read-run-plan';

/**
 * The part of a run's plan that did not finish: steps that failed, were skipped, canceled or never
 * ran. Steps that succeeded are dropped (their stored outputs are reused), and dependencies on
 * them count as satisfied.
 *
 * @example
 * const rest = remainingPlan(plan, new Set(['raw/users']));
 */
export function remainingPlan(plan: RunPlan, succeeded: ReadonlySet<string>): RunPlan {
  const steps = plan.steps.filter((s) => !succeeded.has(s.key));
  const kept = new Set(steps.map((s) => s.key));
  return RunPlan.create({
    ...plan,
    assetKeys: [...new Set(steps.flatMap((s) => s.assetKeys))],
    steps: steps.map((s) => StepPlan.create({ ...s, dependsOn: s.dependsOn.filter((d) => kept.has(d)) })),
  });
}

/**
 * Creates a new queued run (with `parentRunId`) that executes only the steps of `parentRunId` that
 * failed or did not run, reading the parent's stored outputs for the rest. Execute it with
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
  const rest = remainingPlan(plan, succeeded);
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
