import type { BatonEvent, RunStatus, StepStatus } from '@baton/core';

/** The state of one step as the event log says it is. */
export interface StepState {
  readonly stepKey: string;
  readonly status: StepStatus;
  readonly assetKeys: readonly string[];
  readonly partitionKeys: readonly string[];
  /** Latest attempt started (0 before the first). */
  readonly attempt: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly error: string | null;
  /** Partitions of a ranged step whose outcome was a failure. */
  readonly failedPartitions: readonly string[];
  /** Asset partitions materialized by the step, as `assetKey` + `\u0000` + partition key ('' unpartitioned). */
  readonly materialized: readonly string[];
  /** True while a retry of a failed attempt is pending. */
  readonly retrying: boolean;
}

/** A run's state folded from its events. The same fold serves the runner, recovery and the UI. */
export interface RunState {
  readonly runId: string;
  readonly status: RunStatus;
  readonly owner: string | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly error: string | null;
  readonly steps: ReadonlyMap<string, StepState>;
}

/**
 * The initial state of a run before any event.
 *
 * @example
 * const state = initialRunState('run-1');
 */
export function initialRunState(runId: string): RunState {
  return { runId, status: 'queued', owner: null, startedAt: null, endedAt: null, error: null, steps: new Map() };
}

/** Mutable twin of RunState used by the in-place fold. */
type Draft = {
  -readonly [K in keyof RunState]: K extends 'steps' ? Map<string, StepState> : RunState[K];
};

function emptyStep(stepKey: string): StepState {
  return {
    stepKey,
    status: 'pending',
    assetKeys: [],
    partitionKeys: [],
    attempt: 0,
    startedAt: null,
    endedAt: null,
    error: null,
    failedPartitions: [],
    materialized: [],
    retrying: false,
  };
}

const TERMINAL_STEP: ReadonlySet<StepStatus> = new Set(['success', 'failure', 'skipped', 'canceled']);
const TERMINAL_RUN: ReadonlySet<RunStatus> = new Set(['success', 'failure', 'canceled']);

/**
 * Applies one event to a draft in place: the single switch every state transition goes through.
 * Events of other runs and events that do not change run or step status are ignored.
 * @internal use `reduceRun` (pure) or `RunStateMachine` (owns its draft).
 */
export function applyRunEvent(draft: Draft, event: BatonEvent): void {
  if (event.runId !== draft.runId) return;
  const step = (key: string) => draft.steps.get(key) ?? emptyStep(key);
  switch (event.type) {
    case 'RUN_QUEUED':
      draft.status = 'queued';
      return;
    case 'RUN_STARTING':
      if (!TERMINAL_RUN.has(draft.status)) draft.status = 'starting';
      return;
    case 'RUN_STARTED':
      if (!TERMINAL_RUN.has(draft.status) && draft.status !== 'canceling') draft.status = 'running';
      draft.owner = event.owner;
      draft.startedAt ??= event.timestamp;
      return;
    case 'RUN_CANCELING':
      if (!TERMINAL_RUN.has(draft.status)) draft.status = 'canceling';
      return;
    case 'RUN_SUCCESS':
    case 'RUN_FAILURE':
    case 'RUN_CANCELED':
      draft.status = event.type === 'RUN_SUCCESS' ? 'success' : event.type === 'RUN_FAILURE' ? 'failure' : 'canceled';
      draft.endedAt = event.timestamp;
      if (event.type === 'RUN_FAILURE') draft.error = event.error;
      return;
    case 'STEP_STARTED': {
      const prev = step(event.stepKey);
      draft.steps.set(event.stepKey, {
        ...prev,
        status: 'running',
        assetKeys: event.assetKeys,
        partitionKeys: event.partitionKeys,
        attempt: event.attempt,
        startedAt: prev.startedAt ?? event.timestamp,
        endedAt: null,
        error: null,
        failedPartitions: [],
        retrying: false,
      });
      return;
    }
    case 'STEP_SUCCESS': {
      const prev = step(event.stepKey);
      draft.steps.set(event.stepKey, { ...prev, status: 'success', endedAt: event.timestamp, retrying: false });
      return;
    }
    case 'STEP_FAILURE': {
      const prev = step(event.stepKey);
      const failed = event.partitionKeys ?? prev.partitionKeys;
      const partial = event.partitionKeys !== undefined && event.partitionKeys.length < prev.partitionKeys.length;
      draft.steps.set(event.stepKey, {
        ...prev,
        status: event.willRetry ? 'running' : 'failure',
        attempt: Math.max(prev.attempt, event.attempt),
        endedAt: event.willRetry ? null : event.timestamp,
        error: event.error,
        failedPartitions: partial ? failed : prev.partitionKeys.length > 0 ? prev.partitionKeys : failed,
        retrying: event.willRetry,
      });
      return;
    }
    case 'STEP_SKIPPED': {
      const prev = step(event.stepKey);
      if (TERMINAL_STEP.has(prev.status)) return;
      const canceled = draft.status === 'canceling' || draft.status === 'canceled';
      draft.steps.set(event.stepKey, { ...prev, status: canceled ? 'canceled' : 'skipped', endedAt: event.timestamp, error: event.reason });
      return;
    }
    case 'MATERIALIZATION': {
      if (!event.stepKey) return;
      const prev = step(event.stepKey);
      draft.steps.set(event.stepKey, { ...prev, materialized: [...prev.materialized, `${event.assetKey}\u0000${event.partitionKey ?? ''}`] });
      return;
    }
    case 'LOG':
    case 'OBSERVATION':
    case 'CHECK_RESULT':
      return;
  }
}

/**
 * Folds one event into a run state, returning a new state (the input is not changed).
 * Replaying a run's stored events through `reduceRun` from `initialRunState` gives the state the
 * runner had; storage projects the same events into its runs and steps tables.
 *
 * @example
 * const state = events.reduce(reduceRun, initialRunState(runId));
 * state.steps.get('clean/users')?.status // 'success'
 */
export function reduceRun(state: RunState, event: BatonEvent): RunState {
  if (event.runId !== state.runId) return state;
  const draft: Draft = { ...state, steps: new Map(state.steps) };
  applyRunEvent(draft, event);
  return draft;
}

/**
 * Replays a whole log at once (linear time, unlike folding `reduceRun` over a huge run).
 *
 * @example
 * const state = replayRun('run-1', await storage.eventsForRun('run-1'));
 */
export function replayRun(runId: string, events: Iterable<BatonEvent>): RunState {
  const draft: Draft = { ...initialRunState(runId), steps: new Map() };
  for (const event of events) applyRunEvent(draft, event);
  return draft;
}

/**
 * Owns a run state and applies events to it in place: what the executor uses so a 10,000-step run
 * is not copied on every event. Reads see the latest state.
 *
 * @example
 * const machine = new RunStateMachine('run-1');
 * machine.apply(event);
 * machine.state.status
 */
export class RunStateMachine {
  readonly #draft: Draft;
  constructor(runId: string) {
    this.#draft = { ...initialRunState(runId), steps: new Map() };
  }
  get state(): RunState {
    return this.#draft;
  }
  apply(event: BatonEvent): void {
    applyRunEvent(this.#draft, event);
  }
}
