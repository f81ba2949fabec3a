import { countEndedSteps, isFailedStepStatus, isTerminalStepStatus } from '@baton/core';
import type { BatonEvent, DecideRunTransition, RunRecord, RunStepsView, RunTransition, RunTransitions, StepJob, StepRecord, TransactionalEnqueue } from '@baton/core';

type Transition = RunTransitions['transitionRun'];

interface Pending {
  readonly decide: DecideRunTransition;
  /** The steps its decision reads (`transitionRun`'s `steps`); undefined: every step. */
  readonly scope: readonly string[] | undefined;
  readonly resolve: (value: RunTransition) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for one worker's run transitions. `transitionRun` holds the run's lock from its reads
 * to its commit (a few ms on PostgreSQL, fsync included), so the steps of one run end one at a time.
 * While a transition of a run is in flight, the next ones of the same run wait here and then go
 * together in ONE transaction: each `decide` sees the run and steps as the previous ones left them
 * (`applyRunEvents`), so the outcome is the same as one transaction each — in fewer, shorter lock
 * holds. An idle run's transition starts at once: nothing is delayed to form a batch.
 *
 * A `decide` that throws fails only its own caller; a failed transaction fails every caller in it
 * (nothing of it was written). A batch reads the steps all of its callers named (every step when one
 * named none), and every step when one of them asks for them (returns null from a partial view).
 *
 * @example
 * const batcher = new RunTransitionBatcher(storage.transitionRun.bind(storage), queue);
 * const decided = await batcher.submit(runId, (run, steps, view) => decideStepEnd({ plan, run, steps, view, ... }), stepEndScope(plan, stepKey));
 */
export class RunTransitionBatcher {
  readonly #transition: Transition;
  readonly #queue: TransactionalEnqueue;
  readonly #waiting = new Map<string, Pending[]>();
  readonly #inFlight = new Set<string>();

  constructor(transition: Transition, queue: TransactionalEnqueue) {
    this.#transition = transition;
    this.#queue = queue;
  }

  submit(runId: string, decide: DecideRunTransition, scope?: readonly string[]): Promise<RunTransition> {
    return new Promise<RunTransition>((resolve, reject) => {
      let queue = this.#waiting.get(runId);
      if (!queue) this.#waiting.set(runId, (queue = []));
      queue.push({ decide, scope, resolve, reject });
      if (!this.#inFlight.has(runId)) void this.#drain(runId);
    });
  }

  async #drain(runId: string): Promise<void> {
    this.#inFlight.add(runId);
    try {
      for (let batch = this.#take(runId); batch.length > 0; batch = this.#take(runId)) await this.#commit(runId, batch);
    } finally {
      this.#inFlight.delete(runId);
    }
  }

  #take(runId: string): Pending[] {
    const batch = this.#waiting.get(runId) ?? [];
    this.#waiting.delete(runId);
    return batch;
  }

  async #commit(runId: string, batch: readonly Pending[]): Promise<void> {
    let outcomes: ({ ok: true; value: RunTransition } | { ok: false; error: unknown })[] = [];
    const scope = batch.every((p) => p.scope !== undefined) ? [...new Set(batch.flatMap((p) => p.scope!))] : undefined;
    try {
      await this.#transition(
        runId,
        (run, steps, view) => {
          outcomes = [];
          const events: BatonEvent[] = [];
          const jobs: StepJob[] = [];
          let state: RunState = { run, steps, view };
          for (const p of batch) {
            try {
              const value = p.decide(state.run, state.steps, state.view);
              if (value === null) return null; // every step, then all of them decide again
              outcomes.push({ ok: true, value });
              events.push(...value.events);
              jobs.push(...value.jobs);
              state = applyRunEvents(state.run, state.steps, value.events, state.view);
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
          return { events, jobs };
        },
        this.#queue,
        scope,
      );
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}

/** A run as a transition sees it: its record, the steps read and what they are (see `RunStepsView`). */
interface RunState {
  readonly run: RunRecord | undefined;
  readonly steps: readonly StepRecord[];
  readonly view: RunStepsView;
}

/**
 * The run and steps as storage will hold them once `events` are appended — the statuses, errors and
 * attempts that transition decisions read, and the view's terminal and failed counts. Other fields are
 * carried over unchanged. (In a partial view a step not read is taken as pending: decisions from a partial
 * view end only steps they read.)
 */
export function applyRunEvents(
  run: RunRecord | undefined,
  steps: readonly StepRecord[],
  events: readonly BatonEvent[],
  view: RunStepsView = { partial: false, ...countEndedSteps(steps) },
): RunState {
  if (events.length === 0) return { run, steps, view };
  const byKey = new Map(steps.map((s) => [s.stepKey, s]));
  let next = run;
  let { terminal, failed } = view;
  const update = (runId: string, stepKey: string, change: Partial<StepRecord>) => {
    const prev = byKey.get(stepKey) ?? {
      runId, stepKey, assetKeys: [], partitionKeys: [], status: 'pending', attempt: 0, startedAt: null, endedAt: null, error: null,
    };
    const after = { ...prev, ...change };
    terminal += Number(isTerminalStepStatus(after.status)) - Number(isTerminalStepStatus(prev.status));
    failed += Number(isFailedStepStatus(after.status)) - Number(isFailedStepStatus(prev.status));
    byKey.set(stepKey, after);
  };
  for (const e of events) {
    const runId = e.runId ?? '';
    switch (e.type) {
      case 'STEP_STARTED':
        update(runId, e.stepKey, { assetKeys: e.assetKeys, partitionKeys: e.partitionKeys, status: 'running', attempt: e.attempt, startedAt: e.timestamp, endedAt: null, error: null });
        break;
      case 'STEP_SUCCESS': update(runId, e.stepKey, { status: 'success', endedAt: e.timestamp }); break;
      case 'STEP_FAILURE': update(runId, e.stepKey, { status: e.willRetry ? 'pending' : 'failure', endedAt: e.timestamp, error: e.error, attempt: e.attempt }); break;
      case 'STEP_SKIPPED': update(runId, e.stepKey, { status: 'skipped', endedAt: e.timestamp }); break;
      case 'RUN_SUCCESS': if (next) next = { ...next, status: 'success', endedAt: e.timestamp }; break;
      case 'RUN_FAILURE': if (next) next = { ...next, status: 'failure', endedAt: e.timestamp, error: e.error }; break;
      case 'RUN_CANCELED': if (next) next = { ...next, status: 'canceled', endedAt: e.timestamp }; break;
      case 'RUN_CANCELING': if (next) next = { ...next, status: 'canceling' }; break;
      default: break;
    }
  }
  return { run: next, steps: [...byKey.values()], view: { partial: view.partial, terminal, failed } };
}
