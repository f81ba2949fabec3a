import type { BatonEvent } from '../records/baton-event';
import { isTerminalRunStatus, isTerminalStepStatus } from '../records/run-record';
import type { RunStatus, StepRecord, StepStatus } from '../records/run-record';

/**
 * The state of one step as the event log says it is: what storage keeps of it (a `StepRecord`;
 * `attempt` is the latest attempt started, `startedAt` when the first one started), plus what only
 * the runner needs.
 */
export interface StepState extends Omit<StepRecord, 'runId'> {
  /** Partitions of a ranged step whose outcome was a failure. */
  readonly failedPartitions: readonly string[];
  /** Asset partitions materialized by the step, as `assetKey` + `\u0000` + partition key ('' unpartitioned). */
  readonly materialized: readonly string[];
  /** True while a retry of a failed attempt is pending. */
  readonly retrying: boolean;
}

/**
 * A run's state folded from its events. This fold is the only definition of run and step status:
 * the runner and recovery replay it, and storage computes its runs and steps rows with it.
 */
export interface RunState {
  readonly runId: string;
  readonly status: RunStatus;
  readonly owner: string | null;
  /** When the run first started (a later RUN_STARTED, e.g. after recovery, keeps it). */
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

/**
 * A step before its first event.
 *
 * @example
 * emptyStepState('clean/users').status // 'pending'
 */
export function emptyStepState(stepKey: string): StepState {
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

/** Mutable twin of RunState used by the in-place fold. */
type Draft = {
  -readonly [K in keyof RunState]: K extends 'steps' ? Map<string, StepState> : RunState[K];
};

/** A step in one of these states does not change on STEP_SKIPPED nor when its run ends. */

/**
 * How far along a run is. Run events only move a run forward: a RUN_STARTED written after a
 * RUN_CANCELING (the cancel arrived between the claim and the runner's first write) leaves it
 * canceling, and an ended run never changes again (the first end wins).
 */
const PROGRESS: Readonly<Record<RunStatus, number>> = { queued: 0, starting: 1, running: 2, canceling: 3, success: 4, failure: 4, canceled: 4 };

function advance(draft: Draft, to: RunStatus): void {
  if (PROGRESS[to] > PROGRESS[draft.status]) draft.status = to;
}

/** The run ended: its open steps end with it (canceled, or failed when the run failed). */
function endOpenSteps(draft: Draft, status: 'failure' | 'canceled', at: number): void {
  for (const [key, s] of draft.steps) {
    if (!isTerminalStepStatus(s.status)) draft.steps.set(key, { ...s, status, endedAt: at, retrying: false });
  }
}

/** A step's state in the draft, or the empty state of a step not seen yet. */
function stepOf(draft: Draft, key: string): StepState {
  return draft.steps.get(key) ?? emptyStepState(key);
}

/**
 * Applies one event to a draft in place: the single switch every state transition goes through.
 * Events of other runs and events that do not change run or step status are ignored.
 * @internal use `reduceRun` (pure), `replayRun` or `RunStateMachine` (owns its draft).
 */
function applyRunEvent(draft: Draft, event: BatonEvent): void {
  if (event.runId !== draft.runId) return;
  switch (event.type) {
    case 'RUN_QUEUED':
      return;
    case 'RUN_STARTING':
      advance(draft, 'starting');
      if (event.owner !== undefined && draft.status === 'starting') draft.owner = event.owner;
      return;
    case 'RUN_REQUEUED':
      // the one move back: a claim whose claimer never started the run is undone (see runEventConflict)
      if (draft.status !== 'starting') return;
      draft.status = 'queued';
      draft.owner = null;
      return;
    case 'RUN_STARTED':
      if (isTerminalRunStatus(draft.status)) return;
      advance(draft, 'running');
      draft.owner = event.owner;
      draft.startedAt ??= event.timestamp;
      return;
    case 'RUN_CANCELING':
      advance(draft, 'canceling');
      return;
    case 'RUN_SUCCESS':
    case 'RUN_FAILURE':
    case 'RUN_CANCELED':
      if (isTerminalRunStatus(draft.status)) return;
      draft.status = event.type === 'RUN_SUCCESS' ? 'success' : event.type === 'RUN_FAILURE' ? 'failure' : 'canceled';
      draft.endedAt = event.timestamp;
      if (event.type === 'RUN_FAILURE') draft.error = event.error;
      if (draft.status !== 'success') endOpenSteps(draft, draft.status, event.timestamp);
      return;
    case 'STEP_STARTED': {
      const prev = draft.steps.get(event.stepKey);
      // a step's first event builds its state at once (no empty state to copy)
      if (prev === undefined) {
        draft.steps.set(event.stepKey, {
          stepKey: event.stepKey,
          status: 'running',
          assetKeys: event.assetKeys,
          partitionKeys: event.partitionKeys,
          attempt: event.attempt,
          startedAt: event.timestamp,
          endedAt: null,
          error: null,
          failedPartitions: [],
          materialized: [],
          retrying: false,
        });
        return;
      }
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
      const prev = stepOf(draft, event.stepKey);
      draft.steps.set(event.stepKey, { ...prev, status: 'success', endedAt: event.timestamp, retrying: false });
      return;
    }
    case 'STEP_FAILURE': {
      const prev = stepOf(draft, event.stepKey);
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
      const prev = stepOf(draft, event.stepKey);
      if (isTerminalStepStatus(prev.status)) return;
      const canceled = draft.status === 'canceling' || draft.status === 'canceled';
      draft.steps.set(event.stepKey, { ...prev, status: canceled ? 'canceled' : 'skipped', endedAt: event.timestamp, error: event.reason, retrying: false });
      return;
    }
    case 'MATERIALIZATION': {
      if (!event.stepKey) return;
      const prev = stepOf(draft, event.stepKey);
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
 * Why a run event must not be stored on a run in `state`, or null when it may. The transitions
 * that take a claim into account: a RUN_REQUEUED only takes back the claim it names from a run still
 * `starting` under it (never a run that started, was canceled or ended), and a RUN_STARTED that names
 * its claim (`claimedBy`) only starts a run still claimed by it (`starting`, or `canceling`/`canceled`
 * when a cancel came first; never one that failed meanwhile) — a claimer that was slow, and whose run was requeued and maybe claimed by
 * another process meanwhile, starts nothing. Storage checks every batch with it, in event order,
 * under the event-log lock, and refuses the batch (RUN_STATE_CONFLICT) when this says why.
 *
 * @example
 * runEventConflict(replayRun(runId, log), { type: 'RUN_STARTED', runId, owner: me, claimedBy: me, timestamp: Date.now() }) // null: still ours
 */
export function runEventConflict(state: RunState, event: BatonEvent): string | null {
  if (event.runId !== state.runId) return null;
  if (event.type === 'RUN_REQUEUED') {
    if (state.status !== 'starting') return `run ${state.runId} cannot go back to the queue: it is ${state.status}, not starting (it started, was canceled or ended)`;
    if (state.owner !== event.owner) return `run ${state.runId} cannot go back to the queue: it is claimed by ${state.owner ?? 'nobody'}, not ${event.owner ?? 'nobody'}`;
    return null;
  }
  if (event.type === 'RUN_STARTED' && event.claimedBy !== undefined) {
    // canceled: a cancel came between the claim and the start; the start changes nothing and its executor sees the cancel
    const claimed = state.status === 'starting' || state.status === 'canceling' || state.status === 'canceled';
    if (!claimed) return `run ${state.runId} cannot start under the claim of ${event.claimedBy}: it is ${state.status} (it went back to the queue, or ended, after that claim)`;
    if (state.owner !== event.claimedBy) return `run ${state.runId} cannot start under the claim of ${event.claimedBy}: it is claimed by ${state.owner ?? 'nobody'} now (it went back to the queue after that claim)`;
  }
  return null;
}

/**
 * Folds one event into a run state, returning a new state (the input is not changed).
 * Replaying a run's stored events through `reduceRun` from `initialRunState` gives the state the
 * runner had, and the state storage's runs and steps rows hold (storage folds with this reducer).
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
  const machine = new RunStateMachine(runId);
  for (const event of events) machine.apply(event);
  return machine.state;
}

/**
 * Owns a run state and applies events to it in place: what the executor uses so a 10,000-step run
 * is not copied on every event, and what storage folds a batch with, starting from the stored
 * state of the run and of the steps the batch touches. Reads see the latest state.
 *
 * @example
 * const machine = new RunStateMachine('run-1');
 * machine.apply(event);
 * machine.state.status
 */
export class RunStateMachine {
  readonly #draft: Draft;
  constructor(runId: string, from?: RunState) {
    this.#draft = { ...(from ?? initialRunState(runId)), runId, steps: new Map(from?.steps) };
  }
  get state(): RunState {
    return this.#draft;
  }
  apply(event: BatonEvent): void {
    applyRunEvent(this.#draft, event);
  }
}
