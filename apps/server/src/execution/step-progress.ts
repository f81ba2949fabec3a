import type { BatonEvent } from '@baton/core';
import type { Plan, RunPlan } from '@baton/planner';
import { formatDuration } from '../format/format-duration';

export type StepEnd = { readonly kind: 'success'; readonly durationMs: number } | { readonly kind: 'failure'; readonly error: string } | { readonly kind: 'skipped'; readonly reason: string };

export interface StepLine {
  readonly runKey: string;
  readonly stepKey: string;
  status: 'pending' | 'running' | 'success' | 'failure' | 'skipped';
  attempt: number;
  durationMs: number | null;
  error: string | null;
  readonly done: Promise<StepEnd>;
  /** Title changes (running, retrying) for the live view. */
  onTitle?: (title: string) => void;
}

/**
 * The state of every step of a plan, fed by run events: what `baton materialize` shows live
 * (one line per step: status and duration) and summarises at the end.
 *
 * @example
 * const progress = new StepProgress(plan);
 * executePlan({ ..., onEvent: (run, e) => progress.handle(run, e) });
 */
export class StepProgress {
  readonly lines: StepLine[] = [];
  readonly #byKey = new Map<string, StepLine & { resolve: (end: StepEnd) => void }>();

  constructor(plan: Plan) {
    for (const run of plan.runs) {
      for (const step of run.steps) {
        let resolve!: (end: StepEnd) => void;
        const done = new Promise<StepEnd>((r) => (resolve = r));
        const line = { runKey: run.key, stepKey: step.key, status: 'pending' as const, attempt: 0, durationMs: null, error: null, done, resolve };
        this.lines.push(line);
        this.#byKey.set(`${run.key}\u0000${step.key}`, line);
      }
    }
  }

  /** Applies one event of the run executing `run`. */
  handle(run: RunPlan, event: BatonEvent): void {
    if (!('stepKey' in event) || typeof event.stepKey !== 'string') return;
    const line = this.#byKey.get(`${run.key}\u0000${event.stepKey}`);
    if (!line) return;
    switch (event.type) {
      case 'STEP_STARTED':
        line.status = 'running';
        line.attempt = event.attempt;
        line.onTitle?.(event.attempt > 1 ? `${line.stepKey} (attempt ${event.attempt})` : line.stepKey);
        break;
      case 'STEP_SUCCESS':
        this.#end(line, { kind: 'success', durationMs: event.durationMs });
        break;
      case 'STEP_FAILURE':
        if (event.willRetry) line.onTitle?.(`${line.stepKey} (attempt ${event.attempt} failed, retrying)`);
        else this.#end(line, { kind: 'failure', error: event.error.split('\n')[0] ?? event.error });
        break;
      case 'STEP_SKIPPED':
        this.#end(line, { kind: 'skipped', reason: event.reason });
        break;
      default:
        break;
    }
  }

  /** Marks every step of `run` skipped (its run never started). */
  skipRun(run: RunPlan, reason: string): void {
    for (const step of run.steps) {
      const line = this.#byKey.get(`${run.key}\u0000${step.key}`);
      if (line) this.#end(line, { kind: 'skipped', reason });
    }
  }

  /** Ends whatever is still open (the run ended without reporting those steps). */
  settle(reason: string): void {
    for (const line of this.#byKey.values()) this.#end(line, { kind: 'skipped', reason });
  }

  /** Counts per status. */
  counts(): Record<StepLine['status'], number> {
    const counts = { pending: 0, running: 0, success: 0, failure: 0, skipped: 0 };
    for (const line of this.lines) counts[line.status]++;
    return counts;
  }

  #end(line: StepLine & { resolve: (end: StepEnd) => void }, end: StepEnd): void {
    if (line.status === 'success' || line.status === 'failure' || line.status === 'skipped') return;
    line.status = end.kind;
    if (end.kind === 'success') line.durationMs = end.durationMs;
    if (end.kind === 'failure') line.error = end.error;
    if (end.kind === 'skipped') line.error = end.reason;
    line.resolve(end);
  }
}

/** One line of text for a finished step. */
export function describeStep(line: StepLine): string {
  if (line.status === 'success') return `${line.stepKey} — ${formatDuration(line.durationMs ?? 0)}`;
  return line.stepKey;
}
