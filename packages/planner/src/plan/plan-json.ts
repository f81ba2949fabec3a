import { BatonError } from '@baton/core';
import { Plan } from './plan';
import { PlanEstimate } from './plan-estimate';
import { AssetPartitionsNode, PlanSummary } from './plan-summary';
import { PlanWarning } from './plan-warning';
import { RunPlan } from './run-plan';
import { StepPlan } from './step-plan';

/**
 * Serialises a plan to a JSON string (plans are plain data, so this is lossless).
 *
 * @example
 * const text = planToJSON(plan);
 * planFromJSON(text); // deep-equal to plan
 */
export function planToJSON(plan: Plan): string {
  return JSON.stringify(plan);
}

function fail(where: string, what: string): never {
  throw new BatonError('PLAN_INVALID', `Plan JSON is invalid at ${where}: ${what}`, {
    hint: 'pass the output of planToJSON (or its parsed value) unchanged',
    details: { where },
  });
}

function expectKind(value: unknown, kind: string, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) fail(where, `expected a ${kind} object`);
  const node = value as Record<string, unknown>;
  if (node.kind !== kind) fail(where, `expected kind "${kind}", found ${JSON.stringify(node.kind)}`);
  return node;
}

function expectArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) fail(where, 'expected an array');
  return value;
}

function expectStrings(value: unknown, where: string): string[] {
  const list = expectArray(value, where);
  list.forEach((item, i) => typeof item === 'string' || fail(`${where}[${i}]`, 'expected a string'));
  return list as string[];
}

/**
 * Reads a plan back from `planToJSON` output (a string or the parsed value), checking the node kinds,
 * and returns it frozen. Throws `PLAN_INVALID` naming the first malformed node.
 *
 * @example
 * const plan = planFromJSON(runRecord.plan as string);
 */
export function planFromJSON(input: string | unknown): Plan {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      fail('$', `not JSON (${(e as Error).message})`);
    }
  }
  const plan = expectKind(value, 'Plan', '$');
  const runs = expectArray(plan.runs, '$.runs').map((run, r) => {
    const node = expectKind(run, 'RunPlan', `$.runs[${r}]`);
    expectStrings(node.dependsOnRuns, `$.runs[${r}].dependsOnRuns`);
    expectStrings(node.assetKeys, `$.runs[${r}].assetKeys`);
    const steps = expectArray(node.steps, `$.runs[${r}].steps`).map((step, s) => {
      const where = `$.runs[${r}].steps[${s}]`;
      const stepNode = expectKind(step, 'StepPlan', where);
      expectStrings(stepNode.assetKeys, `${where}.assetKeys`);
      expectStrings(stepNode.partitionKeys, `${where}.partitionKeys`);
      expectStrings(stepNode.dependsOn, `${where}.dependsOn`);
      const { kind: _k, ...fields } = stepNode;
      return StepPlan.create(fields as unknown as Omit<StepPlan, 'kind'>);
    });
    const { kind: _k, ...fields } = node;
    return RunPlan.create({ ...(fields as unknown as Omit<RunPlan, 'kind'>), steps });
  });
  const summaryNode = expectKind(plan.summary, 'PlanSummary', '$.summary');
  const assets = expectArray(summaryNode.assets, '$.summary.assets').map((a, i) => {
    const { kind: _k, ...fields } = expectKind(a, 'AssetPartitionsNode', `$.summary.assets[${i}]`);
    return AssetPartitionsNode.create(fields as unknown as Omit<AssetPartitionsNode, 'kind'>);
  });
  const { kind: _s, ...summaryFields } = summaryNode;
  const summary = PlanSummary.create({ ...(summaryFields as unknown as Omit<PlanSummary, 'kind'>), assets });
  const { kind: _e, ...estimateFields } = expectKind(plan.estimate, 'PlanEstimate', '$.estimate');
  const estimate = PlanEstimate.create(estimateFields as unknown as Omit<PlanEstimate, 'kind'>);
  // plans stored before warnings existed have none
  const warnings = (plan.warnings === undefined ? [] : expectArray(plan.warnings, '$.warnings')).map((w, i) => {
    const { kind: _w, ...fields } = expectKind(w, 'PlanWarning', `$.warnings[${i}]`);
    return PlanWarning.create(fields as unknown as Omit<PlanWarning, 'kind'>);
  });
  const { kind: _p, ...planFields } = plan;
  return Plan.create({ ...(planFields as unknown as Omit<Plan, 'kind'>), runs, summary, estimate, warnings });
}
