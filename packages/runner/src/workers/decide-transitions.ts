import { BatonError, type BatonEvent, type RunRecord, type RunStepsView, type RunTransition, type StepJob, type StepRecord, type StepStatus, isFailedStepStatus, isTerminalRunStatus, isTerminalStepStatus } from '@baton/core';
import type { RunPlan, StepPlan } from '@baton/planner';
import { runFailureMessage } from '../execute/run-failure-message';

const NOTHING: RunTransition = { events: [], jobs: [] };

/**
 * Starts a distributed run: RUN_STARTING (when still queued) and RUN_STARTED under the queue's
 * owner (`JobQueue.owner`), plus one job per step with no dependency inside the run. A run without
 * steps succeeds at once. With `claimedBy` (the dispatcher that claimed the run), only a run still
 * starting under that claim is handed over: one that went back to the queue since (recovery took
 * the claim of a dispatcher that was silent too long), maybe claimed by another process, is refused
 * with RUN_STATE_CONFLICT (storage checks the same under the event-log lock: RUN_STARTED names its claim).
 *
 * @example
 * await storage.transitionRun(run.id, (current) => decideLaunch(plan, current, run.id, queue.owner, Date.now(), claimer), queue);
 */
export function decideLaunch(plan: RunPlan, run: RunRecord | undefined, runId: string, owner: string, now: number, claimedBy?: string): RunTransition {
  if (!run) throw new BatonError('RUN_NOT_FOUND', `Run "${runId}" does not exist`, { details: { runId }, hint: 'create it with storage.createRuns first' });
  if (run.status !== 'queued' && run.status !== 'starting') {
    throw new BatonError('RUN_STATE_CONFLICT', `Run "${runId}" cannot be handed to workers: it is ${run.status}`, {
      hint: isTerminalRunStatus(run.status) ? 're-execute it instead (reexecuteFromFailure)' : 'it is already executing',
      details: { runId, status: run.status },
    });
  }
  if (claimedBy !== undefined && (run.status !== 'starting' || run.owner !== claimedBy)) {
    throw new BatonError('RUN_STATE_CONFLICT', `Run "${runId}" cannot be handed to workers under the claim of ${claimedBy}: it is ${run.status === 'queued' ? 'queued again' : `claimed by ${run.owner ?? 'nobody'}`} (its claim was taken back after ${claimedBy} stopped heartbeating)`, {
      hint: 'nothing was handed over; the process that claims it now runs it',
      details: { runId, status: run.status, owner: run.owner, claimedBy },
    });
  }
  const events: BatonEvent[] = [];
  if (run.status === 'queued') events.push({ type: 'RUN_STARTING', runId, owner, timestamp: now });
  events.push({ type: 'RUN_STARTED', runId, owner, ...(claimedBy !== undefined ? { claimedBy } : {}), timestamp: now });
  if (plan.steps.length === 0) {
    events.push({ type: 'RUN_SUCCESS', runId, timestamp: now });
    return { events, jobs: [] };
  }
  const inRun = new Set(plan.steps.map((s) => s.key));
  const roots = plan.steps.filter((s) => s.dependsOn.every((d) => !inRun.has(d)));
  return { events, jobs: roots.map((s) => ({ runId, stepKey: s.key })) };
}

export interface StepEndInput {
  readonly plan: RunPlan;
  readonly run: RunRecord | undefined;
  /** The run's steps as stored, read under the run's lock: every one, or (`view.partial`) those of `stepEndScope`. */
  readonly steps: readonly StepRecord[];
  /** What `steps` holds (see `RunStepsView`); without it, every stored step. */
  readonly view?: RunStepsView;
  readonly stepKey: string;
  readonly end: 'success' | 'failure' | 'canceled' | 'skipped';
  /** The step's closing events (MATERIALIZATION… + STEP_SUCCESS, or STEP_FAILURE / STEP_SKIPPED). */
  readonly events: readonly BatonEvent[];
  /**
   * Set when the step succeeded but a blocking check failed (`StepExecution.blocked`): its dependents
   * are skipped with this reason, and the run fails with it when this transition ends the run.
   */
  readonly blocked?: string;
  readonly now: number;
}

/** A plan's steps by key and, per step, the steps of the run that depend on it: built once per plan, not per step end. */
interface PlanGraph {
  readonly byKey: ReadonlyMap<string, StepPlan>;
  readonly dependents: ReadonlyMap<string, readonly string[]>;
}
const graphs = new WeakMap<RunPlan, PlanGraph>();
function graphOf(plan: RunPlan): PlanGraph {
  let graph = graphs.get(plan);
  if (!graph) {
    const byKey = new Map<string, StepPlan>(plan.steps.map((s) => [s.key, s]));
    const dependents = new Map<string, string[]>();
    for (const s of plan.steps) {
      for (const d of s.dependsOn) {
        if (!byKey.has(d)) continue;
        let list = dependents.get(d);
        if (!list) dependents.set(d, (list = []));
        list.push(s.key);
      }
    }
    graphs.set(plan, (graph = { byKey, dependents }));
  }
  return graph;
}

/**
 * The steps a successful step's end reads (`transitionRun`'s `steps`): the step, its dependents and their
 * upstreams in the run. Other ends (a failure, a skip, a blocking check) and runs being canceled read every step.
 *
 * @example
 * stepEndScope(plan, 'b1'); // ['b1', 'd', 'b2']: d depends on b1 and b2
 */
export function stepEndScope(plan: RunPlan, stepKey: string): string[] {
  const { byKey, dependents } = graphOf(plan);
  const scope = new Set<string>([stepKey]);
  for (const d of dependents.get(stepKey) ?? []) {
    scope.add(d);
    for (const u of byKey.get(d)!.dependsOn) if (byKey.has(u)) scope.add(u);
  }
  return [...scope];
}

/**
 * What a worker records when a step ends, decided under the run's lock from the stored steps: the
 * step's closing events — dropped when the step already ended (a duplicate delivery never records a
 * second success) or the run already ended — then the dependents it unblocks as jobs (each exactly
 * once: only the transition that completes a dependent's last upstream adds it), dependents skipped
 * after a failure, every unstarted step skipped during a cancel, and the run's own end when this was
 * its last step. From a partial view (`stepEndScope`'s steps and the run's counts) it decides a success;
 * anything else (a failure to propagate, a cancel, the last step of a run with failures) returns null:
 * it needs every step.
 *
 * @example
 * storage.transitionRun(runId, (run, steps, view) => decideStepEnd({ plan, run, steps, view, stepKey, end: 'success', events, now }), queue, stepEndScope(plan, stepKey));
 */
export function decideStepEnd(input: StepEndInput & { readonly view?: RunStepsView & { readonly partial: false } }): RunTransition;
export function decideStepEnd(input: StepEndInput): RunTransition | null;
export function decideStepEnd(input: StepEndInput): RunTransition | null {
  const { plan, run, stepKey, now } = input;
  const partial = input.view?.partial === true;
  if (!run || isTerminalRunStatus(run.status)) return NOTHING;
  const status = new Map<string, StepStatus>();
  const errors = new Map<string, string>();
  for (const s of input.steps) {
    status.set(s.stepKey, s.status);
    if (s.error) errors.set(s.stepKey, s.error);
  }
  const before = status.get(stepKey) ?? 'pending';
  if (isTerminalStepStatus(before)) return NOTHING;
  const canceling = run.status === 'canceling';
  if (partial && (canceling || input.end !== 'success' || input.blocked !== undefined)) return null;
  const runId = run.id;
  const events: BatonEvent[] = [...input.events];
  const jobs: StepJob[] = [];
  status.set(stepKey, input.end === 'success' ? 'success' : input.end === 'skipped' ? 'skipped' : 'failure');
  for (const e of input.events) if (e.type === 'STEP_FAILURE') errors.set(stepKey, e.error);

  const { byKey, dependents } = graphOf(plan);
  const pending = (key: string) => (status.get(key) ?? 'pending') === 'pending';
  const skip = (key: string, reason: string) => {
    status.set(key, 'skipped');
    events.push({ type: 'STEP_SKIPPED', runId, stepKey: key, reason, timestamp: now });
  };

  if (canceling) {
    for (const s of plan.steps) if (pending(s.key)) skip(s.key, 'run canceled');
  } else if (input.end === 'success' && input.blocked !== undefined) {
    const stack = [...(dependents.get(stepKey) ?? [])];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (!pending(k)) continue;
      skip(k, input.blocked);
      stack.push(...(dependents.get(k) ?? []));
    }
  } else if (input.end === 'success') {
    for (const d of dependents.get(stepKey) ?? []) {
      const step = byKey.get(d)!;
      if (pending(d) && step.dependsOn.every((u) => !byKey.has(u) || status.get(u) === 'success')) jobs.push({ runId, stepKey: d });
    }
  } else {
    const why = input.end === 'canceled' ? 'run canceled' : `upstream step ${stepKey} failed`;
    const stack = [...(dependents.get(stepKey) ?? [])];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (!pending(k)) continue;
      skip(k, why);
      stack.push(...(dependents.get(k) ?? []));
    }
  }

  if (partial) {
    // only this step ended here (a success): the run's last step when every other stored step had ended
    if (input.view!.terminal + 1 < plan.steps.length) return { events, jobs };
    if (input.view!.failed > 0) return null; // the run fails: its message names the failed steps
    events.push({ type: 'RUN_SUCCESS', runId, timestamp: now });
    return { events, jobs };
  }
  if (plan.steps.every((s) => isTerminalStepStatus(status.get(s.key) ?? 'pending'))) {
    const failed = plan.steps.filter((s) => isFailedStepStatus(status.get(s.key) ?? 'pending')).map((s) => s.key);
    if (canceling) events.push({ type: 'RUN_CANCELED', runId, timestamp: now });
    else if (failed.length > 0) {
      events.push({ type: 'RUN_FAILURE', runId, error: runFailureMessage(failed, errors.get(failed[0]!) ?? ''), timestamp: now });
    } else if (input.blocked !== undefined) events.push({ type: 'RUN_FAILURE', runId, error: input.blocked, timestamp: now });
    else events.push({ type: 'RUN_SUCCESS', runId, timestamp: now });
  }
  return { events, jobs };
}
