import { BatonError } from '@baton/core';
import type { BatonEvent } from '@baton/core';
import type { Kysely } from 'kysely';
import { chunk, IN_LIST_CHUNK } from './chunk';
import type { DialectCapabilities } from './dialect-capabilities';
import { toPartitionColumn } from './row-mappers';
import { COLUMNS } from './row-set';
import type { RowSet } from './row-set';
import { PARTITION_STATE_CODE } from './schema';
import type { CheckResultsTable, Database, MaterializationsTable, ObservationsTable, RunsTable, StepsTable } from './schema';

type StepDelta = Partial<Omit<StepsTable, 'run_id' | 'step_key'>>;
type RunDelta = Partial<Pick<RunsTable, 'status' | 'started_at' | 'ended_at' | 'heartbeat_at' | 'owner' | 'error'>>;
type PartitionOp = 'start' | 'materialized' | 'fail';
interface StepInfo {
  assetKeys: readonly string[];
  partitionKeys: readonly string[];
}

const TERMINAL = ['success', 'failure', 'canceled'];
const KNOWN_TYPES = new Set<string>([
  'RUN_QUEUED', 'RUN_STARTING', 'RUN_STARTED', 'RUN_SUCCESS', 'RUN_FAILURE', 'RUN_CANCELING', 'RUN_CANCELED',
  'STEP_STARTED', 'STEP_SUCCESS', 'STEP_FAILURE', 'STEP_SKIPPED', 'LOG', 'MATERIALIZATION', 'OBSERVATION', 'CHECK_RESULT',
]);
const stepId = (runId: string | null, stepKey: string) => `${runId ?? ''}\u0000${stepKey}`;
const partitionId = (assetKey: string, partitionKey: string) => `${assetKey}\u0000${partitionKey}`;

/**
 * Appends `events` inside the caller's transaction and updates every projection from them
 * (runs, steps, materializations + provenance edges, latest tables, partition status, observations,
 * step durations) with a bounded number of batched statements. Returns each event's seq, in order.
 */
export async function writeEvents(trx: Kysely<Database>, cap: DialectCapabilities, events: readonly BatonEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  events.forEach(validateEvent);
  // 1. seqs: taken under the event-log lock, so commit order is seq order; the rows are written in step 4
  const seqs = await cap.reserveSeqs(trx, events.length);

  // 2. step info (assets, partitions) for steps that end in this batch but started in an earlier one
  const stepInfo = new Map<string, StepInfo>();
  const needInfo = new Map<string, { runId: string; stepKey: string }>();
  const startedHere = new Set<string>();
  for (const e of events) {
    if (e.type === 'STEP_STARTED') startedHere.add(stepId(e.runId, e.stepKey));
    else if ((e.type === 'STEP_SUCCESS' || e.type === 'STEP_FAILURE') && !startedHere.has(stepId(e.runId, e.stepKey))) {
      needInfo.set(stepId(e.runId, e.stepKey), { runId: e.runId ?? '', stepKey: e.stepKey });
    }
  }
  for (const part of chunk([...needInfo.values()], 1000)) {
    const rows = await trx
      .selectFrom('steps')
      .select(['run_id', 'step_key', 'asset_keys', 'partition_keys'])
      .where((eb) => eb.or(part.map((s) => eb.and([eb('run_id', '=', s.runId), eb('step_key', '=', s.stepKey)]))))
      .execute();
    for (const r of rows) stepInfo.set(stepId(r.run_id, r.step_key), { assetKeys: JSON.parse(r.asset_keys), partitionKeys: JSON.parse(r.partition_keys) });
  }

  // 3. fold the batch into per-row deltas, in event order
  const runInserts: RunsTable[] = [];
  const runDeltas = new Map<string, RunDelta>();
  const stepDeltas = new Map<string, { runId: string; stepKey: string; delta: StepDelta }>();
  const materializations: MaterializationsTable[] = [];
  const materializationProvenance: (readonly { materializationId: string | null }[])[] = [];
  const observations: ObservationsTable[] = [];
  const checkResults: CheckResultsTable[] = [];
  const durations: { stepKey: string; runId: string; duration: number; endedAt: number }[] = [];
  const endedRuns: { runId: string; status: 'canceled' | 'failure'; at: number }[] = [];
  const partitionOps = new Map<string, { assetKey: string; partitionKey: string; op: PartitionOp }>();
  const settle = new Map<string, { assetKey: string; partitionKey: string }>();
  /** A step ended: `fail` its partitions, or (success) drop an in-batch start / settle a stored one. */
  const endStep = (runId: string | null, stepKey: string, op: 'fail' | 'settle', partitionKeys?: readonly string[]) => {
    const info = stepInfo.get(stepId(runId, stepKey));
    if (!info) return;
    for (const [a, p] of assetPartitions(partitionKeys ? { ...info, partitionKeys } : info)) {
      const id = partitionId(a, p);
      const prev = partitionOps.get(id);
      if (op === 'fail') {
        partitionOps.set(id, { assetKey: a, partitionKey: p, op: 'fail' });
        settle.delete(id);
      } else if (prev?.op === 'start') partitionOps.delete(id); // started and finished here without materializing: keep the stored state
      else if (!prev) settle.set(id, { assetKey: a, partitionKey: p });
    }
  };

  const run = (id: string | null, delta: RunDelta) => {
    if (!id) return;
    runDeltas.set(id, { ...runDeltas.get(id), ...delta });
  };
  const step = (runId: string | null, stepKey: string, delta: StepDelta) => {
    const id = stepId(runId, stepKey);
    const prev = stepDeltas.get(id);
    stepDeltas.set(id, { runId: runId ?? '', stepKey, delta: { ...prev?.delta, ...delta } });
  };

  events.forEach((e, i) => {
    const seq = seqs[i]!;
    switch (e.type) {
      case 'RUN_QUEUED':
        if (e.runId) {
          runInserts.push({
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
          partitionOps.set(partitionId(a, p), { assetKey: a, partitionKey: p, op: 'start' });
          settle.delete(partitionId(a, p));
        }
        break;
      }
      case 'STEP_SUCCESS':
        step(e.runId, e.stepKey, { status: 'success', ended_at: e.timestamp, duration_ms: e.durationMs });
        durations.push({ runId: e.runId ?? '', stepKey: e.stepKey, duration: e.durationMs, endedAt: e.timestamp });
        endStep(e.runId, e.stepKey, 'settle');
        break;
      case 'STEP_FAILURE':
        step(e.runId, e.stepKey, { status: e.willRetry ? 'pending' : 'failure', ended_at: e.timestamp, error: e.error, attempt: e.attempt });
        if (!e.willRetry) endStep(e.runId, e.stepKey, 'fail', e.partitionKeys);
        break;
      case 'STEP_SKIPPED': step(e.runId, e.stepKey, { status: 'skipped', ended_at: e.timestamp }); break;
      case 'MATERIALIZATION': {
        const partitionKey = toPartitionColumn(e.partitionKey);
        materializations.push({
          id: seq, asset_key: e.assetKey, partition_key: partitionKey, run_id: e.runId as string, step_key: e.stepKey ?? null,
          timestamp: e.timestamp, data_version: e.dataVersion, code_version: e.codeVersion,
          metadata: JSON.stringify(e.metadata ?? {}), provenance: JSON.stringify(e.provenance ?? []),
        });
        materializationProvenance.push(e.provenance ?? []);
        partitionOps.set(partitionId(e.assetKey, partitionKey), { assetKey: e.assetKey, partitionKey, op: 'materialized' });
        settle.delete(partitionId(e.assetKey, partitionKey));
        break;
      }
      case 'OBSERVATION':
        observations.push({
          id: seq, asset_key: e.assetKey, partition_key: toPartitionColumn(e.partitionKey), run_id: e.runId ?? null,
          timestamp: e.timestamp, data_version: e.dataVersion, metadata: JSON.stringify(e.metadata ?? {}),
        });
        break;
      case 'CHECK_RESULT':
        checkResults.push({
          id: seq, asset_key: e.assetKey, partition_key: toPartitionColumn(e.partitionKey), check_name: e.checkName, run_id: e.runId ?? null,
          timestamp: e.timestamp, passed: e.passed ? 1 : 0, severity: e.severity, blocking: e.blocking ? 1 : 0, metadata: JSON.stringify(e.metadata ?? {}),
        });
        break;
      case 'LOG':
        break;
    }
  });

  // 4. the log and every insert-only projection, as row sets (few statements; one round trip on PostgreSQL)
  const sets: RowSet[] = [
    { table: 'events', columns: COLUMNS.events, rows: events.map((e, i) => [seqs[i], e.runId ?? null, e.stepKey ?? null, e.type, e.timestamp, eventBody(e)]) },
    {
      table: 'runs', columns: COLUMNS.runs, onConflict: 'on conflict ("id") do nothing',
      rows: runInserts.map((r) => COLUMNS.runs.map(([c]) => r[c])),
    },
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
    const columns = sig.split(',');
    sets.push({
      table: 'steps', columns: COLUMNS.steps,
      onConflict: `on conflict ("run_id", "step_key") do update set ${columns.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`,
      rows: group.map((s) => {
        const row: StepsTable = {
          run_id: s.runId, step_key: s.stepKey, asset_keys: '[]', partition_keys: '[]', status: 'pending', attempt: 0,
          started_at: null, ended_at: null, duration_ms: null, error: null, ...s.delta,
        };
        return COLUMNS.steps.map(([c]) => row[c] ?? null);
      }),
    });
  }

  // materializations, provenance edges, latest per partition and per asset
  if (materializations.length > 0) {
    sets.push({ table: 'materializations', columns: COLUMNS.materializations, rows: materializations.map((m) => COLUMNS.materializations.map(([c]) => m[c])) });
    const edges = new Map<string, [number, number]>();
    for (const [m, provenance] of materializations.map((m, i) => [m, materializationProvenance[i]!] as const)) {
      for (const p of provenance) {
        if (p.materializationId == null) continue;
        const upstream = Number(p.materializationId);
        if (!Number.isSafeInteger(upstream)) throw new BatonError('INPUT_INVALID', `Provenance of materialization ${m.asset_key}${m.partition_key ? `[${m.partition_key}]` : ''} names materialization id "${p.materializationId}", which is not a storage id`, { hint: 'pass the `id` of a stored MaterializationRecord' });
        edges.set(`${m.id}:${upstream}`, [m.id, upstream]);
      }
    }
    sets.push({ table: 'materialization_inputs', columns: COLUMNS.materialization_inputs, rows: [...edges.values()], onConflict: 'on conflict do nothing' });
    const latest = new Map<string, [string, string, number]>();
    const assetLatest = new Map<string, [string, number]>();
    for (const m of materializations) {
      latest.set(partitionId(m.asset_key, m.partition_key), [m.asset_key, m.partition_key, m.id]);
      assetLatest.set(m.asset_key, [m.asset_key, m.id]);
    }
    sets.push(
      {
        table: 'latest_materializations', columns: COLUMNS.latest_materializations, rows: [...latest.values()],
        onConflict: 'on conflict ("asset_key", "partition_key") do update set "materialization_id" = excluded."materialization_id"',
      },
      { table: 'asset_latest', columns: COLUMNS.asset_latest, rows: [...assetLatest.values()], onConflict: 'on conflict ("asset_key") do update set "materialization_id" = excluded."materialization_id"' },
    );
  }

  // observations and their latest per partition
  if (observations.length > 0) {
    sets.push({ table: 'observations', columns: COLUMNS.observations, rows: observations.map((o) => COLUMNS.observations.map(([c]) => o[c])) });
    const latest = new Map<string, [string, string, number]>();
    for (const o of observations) latest.set(partitionId(o.asset_key, o.partition_key), [o.asset_key, o.partition_key, o.id]);
    sets.push({
      table: 'latest_observations', columns: COLUMNS.latest_observations, rows: [...latest.values()],
      onConflict: 'on conflict ("asset_key", "partition_key") do update set "observation_id" = excluded."observation_id"',
    });
  }

  // check results and their latest per (asset, partition, check)
  if (checkResults.length > 0) {
    sets.push({ table: 'check_results', columns: COLUMNS.check_results, rows: checkResults.map((r) => COLUMNS.check_results.map(([c]) => r[c])) });
    const latest = new Map<string, [string, string, string, number]>();
    for (const r of checkResults) latest.set(`${partitionId(r.asset_key, r.partition_key)}\u0000${r.check_name}`, [r.asset_key, r.partition_key, r.check_name, r.id]);
    sets.push({
      table: 'latest_check_results', columns: COLUMNS.latest_check_results, rows: [...latest.values()],
      onConflict: 'on conflict ("asset_key", "partition_key", "check_name") do update set "check_result_id" = excluded."check_result_id"',
    });
  }

  // durations of successful steps, per asset (for estimates)
  sets.push({
    table: 'step_durations', columns: COLUMNS.step_durations,
    rows: durations.flatMap((d) => (stepInfo.get(stepId(d.runId, d.stepKey))?.assetKeys ?? []).map((a) => [a, d.duration, d.endedAt])),
  });

  // partition status: the final op per (asset, partition) of this batch; "materialized" (ever) only goes 0 -> 1
  sets.push({
    table: 'partition_status', columns: COLUMNS.partition_status,
    onConflict: 'on conflict ("asset_key", "partition_key") do update set "state" = excluded."state", '
      + '"materialized" = case when excluded."materialized" = 1 then 1 else "partition_status"."materialized" end',
    rows: [...partitionOps.values()].map((o) => o.op === 'materialized'
      ? [o.assetKey, o.partitionKey, PARTITION_STATE_CODE.materialized, 1]
      : [o.assetKey, o.partitionKey, o.op === 'start' ? PARTITION_STATE_CODE.in_progress : PARTITION_STATE_CODE.failed, 0]),
  });
  await cap.writeRows(trx, sets.filter((set) => set.rows.length > 0));

  // 5. run status changes (after the inserts: a run queued in this batch is updated too)
  for (const [id, delta] of runDeltas) {
    await trx.updateTable('runs').set(delta).where('id', '=', id).where('status', 'not in', TERMINAL).execute();
  }

  // 6. partitions left in progress by steps that succeeded without materializing them
  await settlePartitions(trx, [...settle.values()], 'settle');

  // 7. runs that failed or were canceled: their unfinished steps end, their in-progress partitions fail
  for (const ended of endedRuns) {
    const open = await trx.selectFrom('steps').select(['asset_keys', 'partition_keys']).where('run_id', '=', ended.runId).where('status', 'in', ['running', 'pending']).execute();
    const keys = open.flatMap((s) => assetPartitions({ assetKeys: JSON.parse(s.asset_keys), partitionKeys: JSON.parse(s.partition_keys) }).map(([a, p]) => ({ assetKey: a, partitionKey: p })));
    await settlePartitions(trx, keys, 'fail');
    await trx.updateTable('steps').set({ status: ended.status === 'canceled' ? 'canceled' : 'failure', ended_at: ended.at })
      .where('run_id', '=', ended.runId).where('status', 'in', ['running', 'pending']).execute();
  }
  return seqs;
}

/**
 * The stored JSON of an event. A MATERIALIZATION leaves out its metadata and provenance (usually most of
 * its size): they are in its materializations row, whose id is the event's seq, and the event reads join them back.
 */
function eventBody(e: BatonEvent): string {
  return e.type === 'MATERIALIZATION' ? JSON.stringify({ ...e, metadata: undefined, provenance: undefined }) : JSON.stringify(e);
}

/**
 * Resolves partitions left in progress: `settle` (the step succeeded without materializing them)
 * restores "materialized" if they ever were, otherwise forgets them; `fail` marks them failed.
 */
async function settlePartitions(trx: Kysely<Database>, keys: readonly { assetKey: string; partitionKey: string }[], how: 'settle' | 'fail'): Promise<void> {
  const byAsset = new Map<string, string[]>();
  for (const k of keys) byAsset.set(k.assetKey, [...(byAsset.get(k.assetKey) ?? []), k.partitionKey]);
  for (const [assetKey, partitionKeys] of byAsset) {
    for (const part of chunk(partitionKeys, IN_LIST_CHUNK)) {
      if (how === 'fail') {
        await trx.updateTable('partition_status').set({ state: PARTITION_STATE_CODE.failed })
          .where('asset_key', '=', assetKey).where('partition_key', 'in', part).where('state', '=', PARTITION_STATE_CODE.in_progress).execute();
      } else {
        await trx.updateTable('partition_status').set({ state: PARTITION_STATE_CODE.materialized })
          .where('asset_key', '=', assetKey).where('partition_key', 'in', part).where('state', '=', PARTITION_STATE_CODE.in_progress).where('materialized', '=', 1).execute();
        await trx.deleteFrom('partition_status')
          .where('asset_key', '=', assetKey).where('partition_key', 'in', part).where('state', '=', PARTITION_STATE_CODE.in_progress).where('materialized', '=', 0).execute();
      }
    }
  }
}

/** Every (asset, partition) a step touches; an unpartitioned step touches partition `''`. */
function assetPartitions(info: StepInfo): [string, string][] {
  const partitions = info.partitionKeys.length > 0 ? info.partitionKeys : [''];
  return info.assetKeys.flatMap((a) => partitions.map((p): [string, string] => [a, p]));
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
