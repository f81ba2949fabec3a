import { BatonError, isTerminalRunStatus, runEventConflict, RunStateMachine } from '@baton/core';
import type { BatonEvent, RunState, StepState } from '@baton/core';
import { DURATION_RING_CHARS, encodeDurations } from './duration-ring';
import { toPartitionColumn } from './row-mappers';
import { COLUMNS } from './row-set';
import type { EventRows, RowSet } from './row-set';
import { PARTITION_STATE_CODE } from './schema';
import type { RunsTable, StepsTable } from './schema';
import { stepId, storedRuns } from './stored-run-state';
import type { StoredRuns } from './stored-run-state';

/** The assets and partitions of a step (from its STEP_STARTED). */
export interface StepInfo {
  readonly assetKeys: readonly string[];
  readonly partitionKeys: readonly string[];
}

/** Partitions to settle after the rows are written (see `settlePartitions`). */
export interface PartitionRef {
  readonly assetKey: string;
  readonly partitionKey: string;
}

/** What one batch writes: its rows, plus the rare follow-ups that read what is stored. */
export interface EventWrite {
  readonly rows: EventRows;
  /** In-progress partitions of steps that succeeded without materializing them. */
  readonly settle: readonly PartitionRef[];
  /** In-progress partitions of the steps a failed or canceled run ended: they fail. */
  readonly failOpen: readonly PartitionRef[];
  /** The runs and steps of `stored` as this write leaves them stored (the fold's states; never changed afterwards). */
  readonly after: StoredRuns;
}

type PartitionOp = 'start' | 'materialized' | 'fail';
interface PartitionOpRow { assetKey: string; partitionKey: string; op: PartitionOp; materialization: number | null }

// a null-prototype record, not a Set: `type` is read from events of every shape, and this lookup stays cheap
const KNOWN_TYPES: Readonly<Record<string, true>> = Object.assign(Object.create(null) as Record<string, true>, Object.fromEntries([
  'RUN_QUEUED', 'RUN_STARTING', 'RUN_STARTED', 'RUN_REQUEUED', 'RUN_SUCCESS', 'RUN_FAILURE', 'RUN_CANCELING', 'RUN_CANCELED',
  'STEP_STARTED', 'STEP_SUCCESS', 'STEP_FAILURE', 'STEP_SKIPPED', 'LOG', 'MATERIALIZATION', 'OBSERVATION', 'CHECK_RESULT',
].map((t) => [t, true as const])));
const partitionId = (assetKey: string, partitionKey: string) => `${assetKey}\u0000${partitionKey}`;

// conflict clauses built once: the dialect caches a statement per (table, clause, size)
const STEPS_ON_CONFLICT = `on conflict ("run_id", "step_key") do update set ${COLUMNS.steps.slice(2).map(([c]) => `"${c}" = excluded."${c}"`).join(', ')}`;
const DURATIONS_ON_CONFLICT = `on conflict ("asset_key") do update set "recent" = substr(excluded."recent" || "asset_durations"."recent", 1, ${DURATION_RING_CHARS})`;
const PARTITION_STATUS_ON_CONFLICT = 'on conflict ("asset_key", "partition_key") do update set "state" = excluded."state", '
  + '"materialized" = case when excluded."materialized" = 1 then 1 else "partition_status"."materialized" end, '
  + '"materialization_id" = coalesce(excluded."materialization_id", "partition_status"."materialization_id")';
const NONE: readonly PartitionRef[] = Object.freeze([]);
/** The partition keys an unpartitioned step touches (see `assetPartitions`). */
const UNPARTITIONED: readonly string[] = Object.freeze(['']);
const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * Folds a batch of events into the rows of every projection (runs, steps, materializations and
 * their provenance edges, latest per asset, partition status with the latest materialization of
 * each partition, observations, check results, recent step durations), one row per key, in event
 * order. Run and step rows are core's fold (`RunStateMachine`) of the batch from their stored
 * state (`stored`, see `readStoredRuns`), written whole. Pure. Throws INPUT_INVALID (nothing
 * written) for an event it cannot store.
 */
export function planEventWrite(events: readonly BatonEvent[], stored: StoredRuns): EventWrite {
  for (let i = 0; i < events.length; i++) validateEvent(events[i]!, i);
  const machines = new Map<string, RunStateMachine>();
  for (const [runId, state] of stored.states) machines.set(runId, new RunStateMachine(runId, state));
  // the maps of rare events are made on first use: a run step's batch (a chain's is one step) needs none of them
  let queued: Map<string, RunsTable> | undefined;
  let heartbeats: Map<string, number> | undefined;
  const durationOf = new Map(stored.durations);
  const materializations: unknown[][] = [];
  const edges: [number, number][] = [];
  const assetLatest = new Map<string, [string, number]>();
  const observations: unknown[][] = [];
  let latestObservations: Map<string, [string, string, number]> | undefined;
  const checkResults: unknown[][] = [];
  let latestChecks: Map<string, [string, string, string, number]> | undefined;
  const durations = new Map<string, number[]>(); // per asset, oldest first
  let failOpen: Map<string, PartitionRef> | undefined;
  const partitionOps = new Map<string, PartitionOpRow>();
  const settle = new Map<string, PartitionRef>();

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    switch (e.type) {
      case 'RUN_QUEUED':
        if (e.runId && !stored.exists.has(e.runId)) {
          (queued ??= new Map()).set(e.runId, {
            id: e.runId, status: 'queued', asset_keys: JSON.stringify(e.assetKeys), partition_target: JSON.stringify(e.partition), tags: '{}',
            backfill_id: null, parent_run_id: null, priority: 0, plan: 'null', created_at: e.timestamp,
            started_at: null, ended_at: null, heartbeat_at: null, owner: null, error: null,
          });
        }
        break;
      case 'RUN_STARTED': {
        const machine = machines.get(e.runId!)!;
        refuseConflict(machine, e, i);
        if (!isTerminalRunStatus(machine.state.status)) (heartbeats ??= new Map()).set(e.runId!, e.timestamp);
        machine.apply(e);
        break;
      }
      case 'RUN_REQUEUED': {
        const machine = machines.get(e.runId!)!;
        refuseConflict(machine, e, i);
        machine.apply(e);
        break;
      }
      case 'RUN_FAILURE':
      case 'RUN_CANCELED': {
        const machine = machines.get(e.runId!)!;
        if (!isTerminalRunStatus(machine.state.status)) {
          for (const s of machine.state.steps.values()) {
            if (s.status === 'running' || s.status === 'pending') for (const [a, p] of assetPartitions(s)) (failOpen ??= new Map()).set(partitionId(a, p), { assetKey: a, partitionKey: p });
          }
        }
        machine.apply(e);
        break;
      }
      case 'RUN_STARTING':
      case 'RUN_SUCCESS':
      case 'RUN_CANCELING':
        machines.get(e.runId!)?.apply(e);
        break;
      case 'STEP_STARTED': {
        machines.get(e.runId!)?.apply(e);
        // indexed, each id built once: most of a run's appends run before this code is optimized (no pair arrays, no iterators)
        const assetKeys = e.assetKeys;
        const partitions = e.partitionKeys.length > 0 ? e.partitionKeys : UNPARTITIONED;
        for (let ak = 0; ak < assetKeys.length; ak++) {
          for (let pk = 0; pk < partitions.length; pk++) {
            const a = assetKeys[ak]!;
            const p = partitions[pk]!;
            const id = partitionId(a, p);
            partitionOps.set(id, { assetKey: a, partitionKey: p, op: 'start', materialization: null });
            if (settle.size > 0) settle.delete(id);
          }
        }
        break;
      }
      case 'STEP_SUCCESS': {
        const machine = machines.get(e.runId!);
        machine?.apply(e);
        if (e.runId) durationOf.set(stepId(e.runId, e.stepKey), e.durationMs);
        const info = machine?.state.steps.get(e.stepKey);
        const stepAssets = info?.assetKeys ?? NO_KEYS;
        for (let ak = 0; ak < stepAssets.length; ak++) {
          const a = stepAssets[ak]!;
          const list = durations.get(a);
          if (list) list.push(e.durationMs);
          else durations.set(a, [e.durationMs]);
        }
        endStep(partitionOps, settle, info, 'settle');
        break;
      }
      case 'STEP_FAILURE': {
        const machine = machines.get(e.runId!);
        machine?.apply(e);
        if (!e.willRetry) endStep(partitionOps, settle, machine?.state.steps.get(e.stepKey), 'fail', e.partitionKeys);
        break;
      }
      case 'STEP_SKIPPED':
        machines.get(e.runId!)?.apply(e);
        break;
      case 'MATERIALIZATION': {
        const partitionKey = toPartitionColumn(e.partitionKey);
        materializations.push([
          i, e.assetKey, partitionKey, e.runId ?? '' /* a reported materialization has no run */, e.stepKey ?? null, e.timestamp, e.dataVersion, e.codeVersion,
          JSON.stringify(e.metadata ?? {}), JSON.stringify(e.provenance ?? []),
        ]);
        const firstEdge = edges.length;
        for (const p of e.provenance ?? []) {
          if (p.materializationId == null) continue;
          const upstream = Number(p.materializationId);
          if (!Number.isSafeInteger(upstream)) {
            throw new BatonError('INPUT_INVALID', `Provenance of materialization ${e.assetKey}${partitionKey ? `[${partitionKey}]` : ''} names materialization id "${p.materializationId}", which is not a storage id`, { hint: 'pass the `id` of a stored MaterializationRecord' });
          }
          if (!hasEdge(edges, firstEdge, upstream)) edges.push([i, upstream]);
        }
        assetLatest.set(e.assetKey, [e.assetKey, i]);
        const id = partitionId(e.assetKey, partitionKey);
        partitionOps.set(id, { assetKey: e.assetKey, partitionKey, op: 'materialized', materialization: i });
        if (settle.size > 0) settle.delete(id);
        break;
      }
      case 'OBSERVATION': {
        const partitionKey = toPartitionColumn(e.partitionKey);
        observations.push([i, e.assetKey, partitionKey, e.runId ?? null, e.timestamp, e.dataVersion, JSON.stringify(e.metadata ?? {})]);
        (latestObservations ??= new Map()).set(partitionId(e.assetKey, partitionKey), [e.assetKey, partitionKey, i]);
        break;
      }
      case 'CHECK_RESULT': {
        const partitionKey = toPartitionColumn(e.partitionKey);
        checkResults.push([i, e.assetKey, partitionKey, e.checkName, e.runId ?? null, e.timestamp, e.passed ? 1 : 0, e.severity, e.blocking ? 1 : 0, JSON.stringify(e.metadata ?? {})]);
        (latestChecks ??= new Map()).set(`${partitionId(e.assetKey, partitionKey)}\u0000${e.checkName}`, [e.assetKey, partitionKey, e.checkName, i]);
        break;
      }
      case 'LOG':
        break;
    }
  }

  // runs and steps: the fold's result, written whole; a run queued in this batch is inserted with it
  const runUpdates: unknown[][] = [];
  const stepRows: unknown[][] = [];
  const afterStates = new Map<string, RunState>();
  for (const [runId, machine] of machines) {
    const before = stored.states.get(runId)!;
    const after = machine.state;
    afterStates.set(runId, after);
    const insert = queued?.get(runId);
    const heartbeat = heartbeats?.get(runId);
    if (insert) Object.assign(insert, runColumns(after), { heartbeat_at: heartbeat ?? null });
    else if (stored.exists.has(runId) && (runChanged(before, after) || heartbeat !== undefined)) {
      const c = runColumns(after);
      runUpdates.push([runId, c.status, c.started_at, c.ended_at, heartbeat ?? null, c.owner, c.error]);
    }
    // forEach: no [key, value] array nor iterator result per step (most of a run's appends run before this code is optimized)
    after.steps.forEach((step, stepKey) => {
      const prev = before.steps.get(stepKey);
      if (prev === step) return; // not touched by this batch (a step's duration changes only with its STEP_SUCCESS, a new state)
      const id = stepId(runId, stepKey);
      if (prev && !stepChanged(prev, step) && durationOf.get(id) === stored.durations.get(id)) return;
      // COLUMNS.steps order
      stepRows.push([
        runId, stepKey, JSON.stringify(step.assetKeys), JSON.stringify(step.partitionKeys),
        step.status, step.attempt, step.startedAt, step.endedAt, durationOf.get(id) ?? null, step.error,
      ]);
    });
  }

  // only the row sets with rows (a chain step's batch fills 8 of the 12): no empty set or array built per batch
  const sets: RowSet[] = [{ table: 'events', columns: COLUMNS.events, rows: events.map((e, i) => [i, e.runId ?? null, e.stepKey ?? null, e.type, e.timestamp, eventBody(e)]) }];
  if (queued !== undefined) sets.push({ table: 'runs', columns: COLUMNS.runs, onConflict: 'on conflict ("id") do nothing', rows: [...queued.values()].map((r) => COLUMNS.runs.map(([c]) => r[c])) });
  if (stepRows.length > 0) sets.push({ table: 'steps', columns: COLUMNS.steps, rows: stepRows, onConflict: STEPS_ON_CONFLICT });
  if (materializations.length > 0) sets.push({ table: 'materializations', columns: COLUMNS.materializations, rows: materializations });
  if (edges.length > 0) sets.push({ table: 'materialization_inputs', columns: COLUMNS.materialization_inputs, rows: edges, onConflict: 'on conflict do nothing' });
  if (assetLatest.size > 0) {
    sets.push({ table: 'asset_latest', columns: COLUMNS.asset_latest, rows: [...assetLatest.values()], onConflict: 'on conflict ("asset_key") do update set "materialization_id" = excluded."materialization_id"' });
  }
  if (observations.length > 0) sets.push({ table: 'observations', columns: COLUMNS.observations, rows: observations });
  if (latestObservations !== undefined) {
    sets.push({
      table: 'latest_observations', columns: COLUMNS.latest_observations, rows: [...latestObservations.values()],
      onConflict: 'on conflict ("asset_key", "partition_key") do update set "observation_id" = excluded."observation_id"',
    });
  }
  if (checkResults.length > 0) sets.push({ table: 'check_results', columns: COLUMNS.check_results, rows: checkResults });
  if (latestChecks !== undefined) {
    sets.push({
      table: 'latest_check_results', columns: COLUMNS.latest_check_results, rows: [...latestChecks.values()],
      onConflict: 'on conflict ("asset_key", "partition_key", "check_name") do update set "check_result_id" = excluded."check_result_id"',
    });
  }
  if (durations.size > 0) {
    // newest first, prepended to what is stored and cut to the ring's width (see duration-ring.ts)
    const rows: unknown[][] = [];
    durations.forEach((list, a) => rows.push([a, encodeDurations(list.reverse())]));
    sets.push({ table: 'asset_durations', columns: COLUMNS.asset_durations, rows, onConflict: DURATIONS_ON_CONFLICT });
  }
  if (partitionOps.size > 0) {
    sets.push({
      // the final op per (asset, partition) of this batch; "materialized" (ever) only goes 0 -> 1
      table: 'partition_status', columns: COLUMNS.partition_status,
      onConflict: PARTITION_STATUS_ON_CONFLICT,
      rows: [...partitionOps.values()].map((o) => o.op === 'materialized'
        ? [o.assetKey, o.partitionKey, PARTITION_STATE_CODE.materialized, 1, o.materialization]
        : [o.assetKey, o.partitionKey, o.op === 'start' ? PARTITION_STATE_CODE.in_progress : PARTITION_STATE_CODE.failed, 0, null]),
    });
  }
  return {
    rows: { count: events.length, sets, runUpdates },
    settle: settle.size === 0 ? NONE : [...settle.values()],
    failOpen: failOpen === undefined ? NONE : [...failOpen.values()],
    after: storedRuns(afterStates, queued === undefined ? stored.exists : new Set([...stored.exists, ...queued.keys()]), durationOf, undefined),
  };
}

/**
 * A step ended: `fail` its partitions, or (success) drop an in-batch start / settle a stored one.
 * A module function, not a closure of `planEventWrite`: one closure fewer to build per batch.
 */
function endStep(
  partitionOps: Map<string, PartitionOpRow>, settle: Map<string, PartitionRef>, info: StepInfo | undefined, op: 'fail' | 'settle', partitionKeys?: readonly string[],
): void {
  if (!info) return;
  const assetKeys = info.assetKeys;
  const keys = partitionKeys ?? info.partitionKeys;
  const partitions = keys.length > 0 ? keys : UNPARTITIONED;
  // indexed: no pair arrays or iterators per step (see STEP_STARTED)
  for (let ak = 0; ak < assetKeys.length; ak++) for (let pk = 0; pk < partitions.length; pk++) endPartition(partitionOps, settle, assetKeys[ak]!, partitions[pk]!, op);
}

/** `endStep` of one asset partition. */
function endPartition(partitionOps: Map<string, PartitionOpRow>, settle: Map<string, PartitionRef>, a: string, p: string, op: 'fail' | 'settle'): void {
  const id = partitionId(a, p);
  const prev = partitionOps.get(id);
  if (op === 'fail') {
    partitionOps.set(id, { assetKey: a, partitionKey: p, op: 'fail', materialization: null });
    settle.delete(id);
  } else if (prev?.op === 'start') partitionOps.delete(id); // started and finished here without materializing: keep the stored state
  else if (!prev) settle.set(id, { assetKey: a, partitionKey: p });
}

/** Throws RUN_STATE_CONFLICT (the batch is not written) for a transition core's `runEventConflict` refuses. */
function refuseConflict(machine: RunStateMachine, e: BatonEvent, index: number): void {
  const why = runEventConflict(machine.state, e);
  if (why === null) return;
  throw new BatonError('RUN_STATE_CONFLICT', `${e.type} at position ${index} refused: ${why}; nothing of this batch was written`, {
    hint: e.type === 'RUN_STARTED' ? 'this process lost its claim on the run: execute nothing of it (the process that claimed it since does)' : 'the run is no longer waiting to start: leave it to the process executing it',
    details: { runId: e.runId, type: e.type, status: machine.state.status, owner: machine.state.owner },
  });
}

function runColumns(s: RunState): Pick<RunsTable, 'status' | 'started_at' | 'ended_at' | 'owner' | 'error'> {
  return { status: s.status, started_at: s.startedAt, ended_at: s.endedAt, owner: s.owner, error: s.error };
}

function runChanged(a: RunState, b: RunState): boolean {
  return a.status !== b.status || a.startedAt !== b.startedAt || a.endedAt !== b.endedAt || a.owner !== b.owner || a.error !== b.error;
}

/** Whether a stored column of the step changed (the fold also keeps what storage does not). */
function stepChanged(a: StepState, b: StepState): boolean {
  if (a === b) return false;
  return a.status !== b.status || a.attempt !== b.attempt || a.startedAt !== b.startedAt || a.endedAt !== b.endedAt || a.error !== b.error
    || a.assetKeys !== b.assetKeys || a.partitionKeys !== b.partitionKeys;
}

/**
 * The stored JSON of an event. A MATERIALIZATION leaves out its metadata and provenance (usually most of
 * its size): they are in its materializations row, whose id is the event's seq, and the event reads join them back.
 */
function eventBody(e: BatonEvent): string {
  if (e.type !== 'MATERIALIZATION') return JSON.stringify(e);
  // copied key by key (events are plain objects): ~1/3 cheaper than `{ ...e, metadata: undefined, provenance: undefined }`
  const body: Record<string, unknown> = {};
  for (const key in e) if (key !== 'metadata' && key !== 'provenance') body[key] = e[key as keyof typeof e];
  return JSON.stringify(body);
}

/** Whether `edges` from position `from` on already hold `upstream` (an event's provenance names few). */
function hasEdge(edges: readonly (readonly [number, number])[], from: number, upstream: number): boolean {
  for (let k = from; k < edges.length; k++) if (edges[k]![1] === upstream) return true;
  return false;
}

/** Every (asset, partition) a step touches; an unpartitioned step touches partition `''`. */
export function assetPartitions(info: StepInfo): [string, string][] {
  const partitions = info.partitionKeys.length > 0 ? info.partitionKeys : [''];
  const out: [string, string][] = [];
  for (const a of info.assetKeys) for (const p of partitions) out.push([a, p]);
  return out;
}

function validateEvent(e: BatonEvent, index: number): void {
  if (!e || typeof e !== 'object' || KNOWN_TYPES[(e as { type?: string }).type ?? ''] !== true) {
    throw new BatonError('INPUT_INVALID', `Event at position ${index} has unknown type ${JSON.stringify((e as { type?: unknown })?.type)}; nothing was written`, {
      hint: `use one of ${Object.keys(KNOWN_TYPES).join(', ')}`,
      details: { position: index },
    });
  }
  if (typeof e.timestamp !== 'number' || !Number.isFinite(e.timestamp)) {
    throw new BatonError('INPUT_INVALID', `Event ${e.type} at position ${index} has no numeric timestamp; nothing was written`, { hint: 'set `timestamp` to epoch milliseconds', details: { position: index } });
  }
}
