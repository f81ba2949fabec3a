import { BatonError } from '@baton/core';
import type { BatonEvent } from '@baton/core';
import { DURATION_RING_CHARS, encodeDurations } from './duration-ring';
import { toPartitionColumn } from './row-mappers';
import { COLUMNS, RUN_UPDATE_COLUMNS } from './row-set';
import type { EventRows, RowSet } from './row-set';
import { PARTITION_STATE_CODE } from './schema';
import type { RunsTable, StepsTable } from './schema';

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
  /** Runs that failed or were canceled in this batch: their unfinished steps end. */
  readonly endedRuns: readonly { readonly runId: string; readonly status: 'canceled' | 'failure'; readonly at: number }[];
}

type StepDelta = Partial<Omit<StepsTable, 'run_id' | 'step_key'>>;
type RunDelta = Partial<Pick<RunsTable, 'status' | 'started_at' | 'ended_at' | 'heartbeat_at' | 'owner' | 'error'>>;
type PartitionOp = 'start' | 'materialized' | 'fail';

const KNOWN_TYPES = new Set<string>([
  'RUN_QUEUED', 'RUN_STARTING', 'RUN_STARTED', 'RUN_SUCCESS', 'RUN_FAILURE', 'RUN_CANCELING', 'RUN_CANCELED',
  'STEP_STARTED', 'STEP_SUCCESS', 'STEP_FAILURE', 'STEP_SKIPPED', 'LOG', 'MATERIALIZATION', 'OBSERVATION', 'CHECK_RESULT',
]);
export const stepId = (runId: string | null, stepKey: string) => `${runId ?? ''}\u0000${stepKey}`;
const partitionId = (assetKey: string, partitionKey: string) => `${assetKey}\u0000${partitionKey}`;

/**
 * Steps that end in `events` but started in an earlier batch: their assets and partitions must be
 * read from storage (`stepInfo`) before the batch can be planned.
 */
export function stepsStartedEarlier(events: readonly BatonEvent[]): { runId: string; stepKey: string }[] {
  const startedHere = new Set<string>();
  const need = new Map<string, { runId: string; stepKey: string }>();
  for (const e of events) {
    if (e.type === 'STEP_STARTED') startedHere.add(stepId(e.runId, e.stepKey));
    else if ((e.type === 'STEP_SUCCESS' || e.type === 'STEP_FAILURE') && !startedHere.has(stepId(e.runId, e.stepKey))) {
      need.set(stepId(e.runId, e.stepKey), { runId: e.runId ?? '', stepKey: e.stepKey });
    }
  }
  return [...need.values()];
}

/**
 * Folds a batch of events into the rows of every projection (runs, steps, materializations and
 * their provenance edges, latest per asset, partition status with the latest materialization of
 * each partition, observations, check results, recent step durations), one row per key, in event
 * order. Pure: `stepInfo` has the steps that started in earlier batches (`stepsStartedEarlier`).
 * Throws INPUT_INVALID (nothing written) for an event it cannot store.
 */
export function planEventWrite(events: readonly BatonEvent[], stepInfo: Map<string, StepInfo>): EventWrite {
  events.forEach(validateEvent);
  const runInserts = new Map<string, RunsTable>();
  const runDeltas = new Map<string, RunDelta>();
  const stepDeltas = new Map<string, { runId: string; stepKey: string; delta: StepDelta }>();
  const materializations: unknown[][] = [];
  const edges = new Map<string, [number, number]>();
  const assetLatest = new Map<string, [string, number]>();
  const observations: unknown[][] = [];
  const latestObservations = new Map<string, [string, string, number]>();
  const checkResults: unknown[][] = [];
  const latestChecks = new Map<string, [string, string, string, number]>();
  const durations = new Map<string, number[]>(); // per asset, oldest first
  const endedRuns: { runId: string; status: 'canceled' | 'failure'; at: number }[] = [];
  const partitionOps = new Map<string, { assetKey: string; partitionKey: string; op: PartitionOp; materialization: number | null }>();
  const settle = new Map<string, PartitionRef>();

  /** A step ended: `fail` its partitions, or (success) drop an in-batch start / settle a stored one. */
  const endStep = (runId: string | null, stepKey: string, op: 'fail' | 'settle', partitionKeys?: readonly string[]) => {
    const info = stepInfo.get(stepId(runId, stepKey));
    if (!info) return;
    for (const [a, p] of assetPartitions(partitionKeys ? { ...info, partitionKeys } : info)) {
      const id = partitionId(a, p);
      const prev = partitionOps.get(id);
      if (op === 'fail') {
        partitionOps.set(id, { assetKey: a, partitionKey: p, op: 'fail', materialization: null });
        settle.delete(id);
      } else if (prev?.op === 'start') partitionOps.delete(id); // started and finished here without materializing: keep the stored state
      else if (!prev) settle.set(id, { assetKey: a, partitionKey: p });
    }
  };
  const run = (id: string | null, delta: RunDelta) => {
    if (id) runDeltas.set(id, { ...runDeltas.get(id), ...delta });
  };
  const step = (runId: string | null, stepKey: string, delta: StepDelta) => {
    const id = stepId(runId, stepKey);
    const prev = stepDeltas.get(id);
    if (prev) Object.assign(prev.delta, delta);
    else stepDeltas.set(id, { runId: runId ?? '', stepKey, delta });
  };

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    switch (e.type) {
      case 'RUN_QUEUED':
        if (e.runId) {
          runInserts.set(e.runId, {
            id: e.runId, status: 'queued', asset_keys: JSON.stringify(e.assetKeys), partition_target: JSON.stringify(e.partition), tags: '{}',
            backfill_id: null, parent_run_id: null, priority: 0, plan: 'null', created_at: e.timestamp,
            started_at: null, ended_at: null, heartbeat_at: null, owner: null, error: null,
          });
        }
        break;
      case 'RUN_STARTING': run(e.runId, { status: 'starting' }); break;
      case 'RUN_STARTED': run(e.runId, { status: 'running', started_at: e.timestamp, owner: e.owner, heartbeat_at: e.timestamp }); break;
      case 'RUN_SUCCESS': run(e.runId, { status: 'success', ended_at: e.timestamp }); break;
      case 'RUN_FAILURE':
        run(e.runId, { status: 'failure', ended_at: e.timestamp, error: e.error });
        if (e.runId) endedRuns.push({ runId: e.runId, status: 'failure', at: e.timestamp });
        break;
      case 'RUN_CANCELING': run(e.runId, { status: 'canceling' }); break;
      case 'RUN_CANCELED':
        run(e.runId, { status: 'canceled', ended_at: e.timestamp });
        if (e.runId) endedRuns.push({ runId: e.runId, status: 'canceled', at: e.timestamp });
        break;
      case 'STEP_STARTED': {
        step(e.runId, e.stepKey, {
          asset_keys: JSON.stringify(e.assetKeys), partition_keys: JSON.stringify(e.partitionKeys), status: 'running',
          attempt: e.attempt, started_at: e.timestamp, ended_at: null, error: null,
        });
        const info = { assetKeys: e.assetKeys, partitionKeys: e.partitionKeys };
        stepInfo.set(stepId(e.runId, e.stepKey), info);
        for (const [a, p] of assetPartitions(info)) {
          partitionOps.set(partitionId(a, p), { assetKey: a, partitionKey: p, op: 'start', materialization: null });
          settle.delete(partitionId(a, p));
        }
        break;
      }
      case 'STEP_SUCCESS': {
        step(e.runId, e.stepKey, { status: 'success', ended_at: e.timestamp, duration_ms: e.durationMs });
        for (const a of stepInfo.get(stepId(e.runId, e.stepKey))?.assetKeys ?? []) {
          const list = durations.get(a);
          if (list) list.push(e.durationMs);
          else durations.set(a, [e.durationMs]);
        }
        endStep(e.runId, e.stepKey, 'settle');
        break;
      }
      case 'STEP_FAILURE':
        step(e.runId, e.stepKey, { status: e.willRetry ? 'pending' : 'failure', ended_at: e.timestamp, error: e.error, attempt: e.attempt });
        if (!e.willRetry) endStep(e.runId, e.stepKey, 'fail', e.partitionKeys);
        break;
      case 'STEP_SKIPPED': step(e.runId, e.stepKey, { status: 'skipped', ended_at: e.timestamp }); break;
      case 'MATERIALIZATION': {
        const partitionKey = toPartitionColumn(e.partitionKey);
        materializations.push([
          i, e.assetKey, partitionKey, e.runId ?? '' /* a reported materialization has no run */, e.stepKey ?? null, e.timestamp, e.dataVersion, e.codeVersion,
          JSON.stringify(e.metadata ?? {}), JSON.stringify(e.provenance ?? []),
        ]);
        for (const p of e.provenance ?? []) {
          if (p.materializationId == null) continue;
          const upstream = Number(p.materializationId);
          if (!Number.isSafeInteger(upstream)) {
            throw new BatonError('INPUT_INVALID', `Provenance of materialization ${e.assetKey}${partitionKey ? `[${partitionKey}]` : ''} names materialization id "${p.materializationId}", which is not a storage id`, { hint: 'pass the `id` of a stored MaterializationRecord' });
          }
          edges.set(`${i}:${upstream}`, [i, upstream]);
        }
        assetLatest.set(e.assetKey, [e.assetKey, i]);
        const id = partitionId(e.assetKey, partitionKey);
        partitionOps.set(id, { assetKey: e.assetKey, partitionKey, op: 'materialized', materialization: i });
        settle.delete(id);
        break;
      }
      case 'OBSERVATION': {
        const partitionKey = toPartitionColumn(e.partitionKey);
        observations.push([i, e.assetKey, partitionKey, e.runId ?? null, e.timestamp, e.dataVersion, JSON.stringify(e.metadata ?? {})]);
        latestObservations.set(partitionId(e.assetKey, partitionKey), [e.assetKey, partitionKey, i]);
        break;
      }
      case 'CHECK_RESULT': {
        const partitionKey = toPartitionColumn(e.partitionKey);
        checkResults.push([i, e.assetKey, partitionKey, e.checkName, e.runId ?? null, e.timestamp, e.passed ? 1 : 0, e.severity, e.blocking ? 1 : 0, JSON.stringify(e.metadata ?? {})]);
        latestChecks.set(`${partitionId(e.assetKey, partitionKey)}\u0000${e.checkName}`, [e.assetKey, partitionKey, e.checkName, i]);
        break;
      }
      case 'LOG':
        break;
    }
  }

  // a run queued in this batch is inserted with its later changes; other runs are updated
  const runUpdates: unknown[][] = [];
  for (const [id, delta] of runDeltas) {
    const inserted = runInserts.get(id);
    if (inserted) Object.assign(inserted, delta);
    else runUpdates.push(RUN_UPDATE_COLUMNS.map(([c]) => (c === 'id' ? id : (delta[c] ?? null))));
  }

  const sets: RowSet[] = [
    { table: 'events', columns: COLUMNS.events, rows: events.map((e, i) => [i, e.runId ?? null, e.stepKey ?? null, e.type, e.timestamp, eventBody(e)]) },
    { table: 'runs', columns: COLUMNS.runs, onConflict: 'on conflict ("id") do nothing', rows: [...runInserts.values()].map((r) => COLUMNS.runs.map(([c]) => r[c])) },
  ];
  // steps: one upsert per distinct set of changed columns
  const bySignature = new Map<string, { runId: string; stepKey: string; delta: StepDelta }[]>();
  for (const s of stepDeltas.values()) {
    const sig = Object.keys(s.delta).sort().join(',');
    const group = bySignature.get(sig);
    if (group) group.push(s);
    else bySignature.set(sig, [s]);
  }
  for (const [sig, group] of bySignature) {
    sets.push({
      table: 'steps', columns: COLUMNS.steps,
      onConflict: `on conflict ("run_id", "step_key") do update set ${sig.split(',').map((c) => `"${c}" = excluded."${c}"`).join(', ')}`,
      rows: group.map((s) => {
        const row: StepsTable = {
          run_id: s.runId, step_key: s.stepKey, asset_keys: '[]', partition_keys: '[]', status: 'pending', attempt: 0,
          started_at: null, ended_at: null, duration_ms: null, error: null, ...s.delta,
        };
        return COLUMNS.steps.map(([c]) => row[c] ?? null);
      }),
    });
  }
  sets.push(
    { table: 'materializations', columns: COLUMNS.materializations, rows: materializations },
    { table: 'materialization_inputs', columns: COLUMNS.materialization_inputs, rows: [...edges.values()], onConflict: 'on conflict do nothing' },
    { table: 'asset_latest', columns: COLUMNS.asset_latest, rows: [...assetLatest.values()], onConflict: 'on conflict ("asset_key") do update set "materialization_id" = excluded."materialization_id"' },
    { table: 'observations', columns: COLUMNS.observations, rows: observations },
    {
      table: 'latest_observations', columns: COLUMNS.latest_observations, rows: [...latestObservations.values()],
      onConflict: 'on conflict ("asset_key", "partition_key") do update set "observation_id" = excluded."observation_id"',
    },
    { table: 'check_results', columns: COLUMNS.check_results, rows: checkResults },
    {
      table: 'latest_check_results', columns: COLUMNS.latest_check_results, rows: [...latestChecks.values()],
      onConflict: 'on conflict ("asset_key", "partition_key", "check_name") do update set "check_result_id" = excluded."check_result_id"',
    },
    {
      // newest first, prepended to what is stored and cut to the ring's width (see duration-ring.ts)
      table: 'asset_durations', columns: COLUMNS.asset_durations,
      rows: [...durations].map(([a, list]) => [a, encodeDurations(list.reverse())]),
      onConflict: `on conflict ("asset_key") do update set "recent" = substr(excluded."recent" || "asset_durations"."recent", 1, ${DURATION_RING_CHARS})`,
    },
    {
      // the final op per (asset, partition) of this batch; "materialized" (ever) only goes 0 -> 1
      table: 'partition_status', columns: COLUMNS.partition_status,
      onConflict: 'on conflict ("asset_key", "partition_key") do update set "state" = excluded."state", '
        + '"materialized" = case when excluded."materialized" = 1 then 1 else "partition_status"."materialized" end, '
        + '"materialization_id" = coalesce(excluded."materialization_id", "partition_status"."materialization_id")',
      rows: [...partitionOps.values()].map((o) => o.op === 'materialized'
        ? [o.assetKey, o.partitionKey, PARTITION_STATE_CODE.materialized, 1, o.materialization]
        : [o.assetKey, o.partitionKey, o.op === 'start' ? PARTITION_STATE_CODE.in_progress : PARTITION_STATE_CODE.failed, 0, null]),
    },
  );
  return {
    rows: { count: events.length, sets: sets.filter((s) => s.rows.length > 0), runUpdates },
    settle: [...settle.values()],
    endedRuns,
  };
}

/**
 * The stored JSON of an event. A MATERIALIZATION leaves out its metadata and provenance (usually most of
 * its size): they are in its materializations row, whose id is the event's seq, and the event reads join them back.
 */
function eventBody(e: BatonEvent): string {
  return e.type === 'MATERIALIZATION' ? JSON.stringify({ ...e, metadata: undefined, provenance: undefined }) : JSON.stringify(e);
}

/** Every (asset, partition) a step touches; an unpartitioned step touches partition `''`. */
export function assetPartitions(info: StepInfo): [string, string][] {
  const partitions = info.partitionKeys.length > 0 ? info.partitionKeys : [''];
  const out: [string, string][] = [];
  for (const a of info.assetKeys) for (const p of partitions) out.push([a, p]);
  return out;
}

function validateEvent(e: BatonEvent, index: number): void {
  if (!e || typeof e !== 'object' || !KNOWN_TYPES.has((e as { type?: string }).type ?? '')) {
    throw new BatonError('INPUT_INVALID', `Event at position ${index} has unknown type ${JSON.stringify((e as { type?: unknown })?.type)}; nothing was written`, {
      hint: `use one of ${[...KNOWN_TYPES].join(', ')}`,
      details: { position: index },
    });
  }
  if (typeof e.timestamp !== 'number' || !Number.isFinite(e.timestamp)) {
    throw new BatonError('INPUT_INVALID', `Event ${e.type} at position ${index} has no numeric timestamp; nothing was written`, { hint: 'set `timestamp` to epoch milliseconds', details: { position: index } });
  }
}
