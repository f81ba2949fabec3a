import { emptyStepState, initialRunState } from '@baton/core';
import type { BatonEvent, RunState, RunStatus, StepState, StepStatus } from '@baton/core';
import type { Kysely } from 'kysely';
import { chunk, IN_LIST_CHUNK } from './chunk';
import { compiledOnce } from './compiled-once';
import type { DialectCapabilities } from './dialect-capabilities';
import type { RunReads } from './known-runs';
import type { Database, RunsTable, StepsTable } from './schema';

/**
 * The stored state of the runs and steps one batch of events touches, as core's `RunState`, so
 * the batch can be folded through core's reducer (`RunStateMachine`) and the result written back.
 */
export interface StoredRuns {
  /** Every run the batch has a run or step event for; a run without a row starts from `initialRunState`. */
  readonly states: ReadonlyMap<string, RunState>;
  /** Runs that have a row. */
  readonly exists: ReadonlySet<string>;
  /** `duration_ms` of the steps read, by `stepId` (not part of the fold: the last STEP_SUCCESS sets it). */
  readonly durations: ReadonlyMap<string, number | null>;
  /** Runs whose every stored step is in `states` (read whole, or none stored), when known. */
  readonly whole: ReadonlySet<string> | undefined;
}

/**
 * A `StoredRuns`, always built here: one object shape wherever it comes from (a read, the connection's last
 * append, a claim), so `planEventWrite` is not deoptimized by a shape it had not seen ("wrong map").
 */
export function storedRuns(
  states: ReadonlyMap<string, RunState>, exists: ReadonlySet<string>, durations: ReadonlyMap<string, number | null>, whole: ReadonlySet<string> | undefined,
): StoredRuns {
  return { states, exists, durations, whole };
}

/** The columns of a run its events are folded from. */
export type StoredRunRow = Pick<RunsTable, 'id' | 'status' | 'started_at' | 'ended_at' | 'owner' | 'error'>;

export const stepId = (runId: string, stepKey: string) => `${runId}\u0000${stepKey}`;

/**
 * What an event type needs read (1 its run, 2 its run whole: it may end the run's open steps, 3 its run and step);
 * a record lookup, not two `startsWith` per event. Other types (logs, materializations…) read nothing.
 */
const READS: Readonly<Record<string, 1 | 2 | 3>> = Object.assign(Object.create(null) as Record<string, 1 | 2 | 3>, {
  RUN_QUEUED: 1, RUN_STARTING: 1, RUN_STARTED: 1, RUN_REQUEUED: 1, RUN_SUCCESS: 1, RUN_CANCELING: 1, RUN_FAILURE: 2, RUN_CANCELED: 2,
  STEP_STARTED: 3, STEP_SUCCESS: 3, STEP_FAILURE: 3, STEP_SKIPPED: 3,
});

/** What must be read before `events` can be folded: runs, the steps they touch, and every step of a run they may end. */
export function toRead(events: readonly BatonEvent[]): { runIds: Set<string>; wholeRuns: Set<string>; steps: Map<string, Set<string>> } {
  const runIds = new Set<string>();
  const wholeRuns = new Set<string>();
  const steps = new Map<string, Set<string>>();
  for (const e of events) {
    if (!e.runId) continue;
    const reads = READS[e.type];
    if (reads === undefined) continue;
    if (reads !== 3) {
      runIds.add(e.runId);
      if (reads === 2) wholeRuns.add(e.runId);
    } else if (e.stepKey) {
      runIds.add(e.runId);
      let keys = steps.get(e.runId);
      if (!keys) steps.set(e.runId, (keys = new Set()));
      keys.add(e.stepKey);
    }
  }
  return { runIds, wholeRuns, steps };
}

/**
 * Reads the stored state of what `events` touch. Call it inside the write transaction, after the
 * event-log lock (`lockEventLog`), so no other append changes these rows before the batch is written.
 */
export async function readStoredRuns(
  db: Kysely<Database>, cap: Pick<DialectCapabilities, 'name' | 'selectInTransaction'>, events: readonly BatonEvent[], reads: RunReads = toRead(events),
): Promise<StoredRuns> {
  const dialect = cap.name;
  const { runIds, wholeRuns, steps } = reads;
  if (runIds.size === 0) return storedRunsOf(runIds, [], [], undefined);
  const runRows: (StoredRunRow & { has_steps: unknown })[] = [];
  const stepRows: StepsTable[] = [];
  for (const part of chunk([...runIds], IN_LIST_CHUNK)) {
    const query = compiledOnce(`${dialect}|stored-runs|${part.length}`, part, () => db.selectFrom('runs')
      .select(['id', 'status', 'started_at', 'ended_at', 'owner', 'error'])
      .select((eb) => eb.exists(eb.selectFrom('steps').select('steps.step_key').whereRef('steps.run_id', '=', 'runs.id')).as('has_steps'))
      .where('id', 'in', part));
    runRows.push(...(await cap.selectInTransaction<StoredRunRow & { has_steps: unknown }>(db, query)));
  }
  for (const part of chunk([...wholeRuns], IN_LIST_CHUNK)) {
    const query = compiledOnce(`${dialect}|stored-steps-of-runs|${part.length}`, part, () => db.selectFrom('steps').selectAll().where('run_id', 'in', part));
    stepRows.push(...(await cap.selectInTransaction<StepsTable>(db, query)));
  }
  for (const [runId, keys] of steps) {
    if (wholeRuns.has(runId)) continue;
    for (const part of chunk([...keys], IN_LIST_CHUNK)) {
      const query = compiledOnce(`${dialect}|stored-steps|${part.length}`, [runId, ...part], () => db.selectFrom('steps').selectAll().where('run_id', '=', runId).where('step_key', 'in', part));
      stepRows.push(...(await cap.selectInTransaction<StepsTable>(db, query)));
    }
  }
  const whole = new Set<string>(wholeRuns);
  for (const r of runRows) if (!r.has_steps) whole.add(r.id); // SQLite 0, PostgreSQL false
  return storedRunsOf(runIds, runRows, stepRows, whole);
}

/**
 * The stored runs of `runRows` and steps of `stepRows`, plus every other run of `runIds` from its initial state (no row yet);
 * `whole`: the runs of those whose every stored step is in `stepRows`, when known.
 */
export function storedRunsOf(runIds: Iterable<string>, runRows: readonly StoredRunRow[], stepRows: readonly StepsTable[], whole: ReadonlySet<string> | undefined): StoredRuns {
  const states = new Map<string, RunState>();
  const exists = new Set<string>();
  const durations = new Map<string, number | null>();
  for (const r of runRows) {
    exists.add(r.id);
    states.set(r.id, {
      ...initialRunState(r.id),
      status: r.status as RunStatus,
      owner: r.owner,
      startedAt: r.started_at === null ? null : Number(r.started_at),
      endedAt: r.ended_at === null ? null : Number(r.ended_at),
      error: r.error,
    });
  }
  for (const runId of runIds) if (!states.has(runId)) states.set(runId, initialRunState(runId));
  for (const row of stepRows) {
    const state = states.get(row.run_id)!;
    (state.steps as Map<string, StepState>).set(row.step_key, toStepState(row));
    durations.set(stepId(row.run_id, row.step_key), row.duration_ms === null ? null : Number(row.duration_ms));
  }
  return storedRuns(states, exists, durations, whole);
}

function toStepState(row: StepsTable): StepState {
  return {
    ...emptyStepState(row.step_key),
    status: row.status as StepStatus,
    assetKeys: JSON.parse(row.asset_keys) as string[],
    partitionKeys: JSON.parse(row.partition_keys) as string[],
    attempt: Number(row.attempt),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    error: row.error,
  };
}
