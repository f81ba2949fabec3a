import { BatonError } from '@baton/core';
import { RunPlan, StepPlan } from '@baton/planner';

/**
 * Reads the RunPlan stored on a run record (`run.plan`, an object or its JSON text) and checks its shape.
 *
 * @example
 * const plan = readRunPlan(run.plan, run.id);
 */
export function readRunPlan(value: unknown, runId: string): RunPlan {
  let node: unknown = value;
  if (typeof value === 'string') {
    try {
      node = JSON.parse(value);
    } catch {
      node = undefined;
    }
  }
  if (!RunPlan.is(node) || !Array.isArray(node.steps) || !node.steps.every((s) => StepPlan.is(s))) {
    throw new BatonError('PLAN_INVALID', `Run "${runId}" does not carry a RunPlan`, {
      hint: 'create runs with plan: <a RunPlan from the planner> (see launchRun/launchBackfill)',
      details: { runId },
    });
  }
  return node;
}
