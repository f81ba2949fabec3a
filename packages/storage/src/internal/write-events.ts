import { BatonError } from '@baton/core';
import type { BatonEvent } from '@baton/core';
import type { Kysely } from 'kysely';
import { chunk, IN_LIST_CHUNK, rowsPerStatement } from './chunk';
import type { DialectCapabilities } from './dialect-capabilities';
import { toPartitionColumn } from './row-mappers';
import { PARTITION_STATE_CODE } from './schema';
import type { Database, MaterializationsTable, ObservationsTable, RunsTable, StepsTable } from './schema';

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
  await cap.lockEventLog(trx);

  // 1. the log itself; ids are assigned in VALUES order, so sorted ids map back to positions
  const seqs: number[] = [];
  for (const part of chunk(events, rowsPerStatement(cap, 5))) {
    const rows = await trx
      .insertInto('events')
      .values(part.map((e) => ({ run_id: e.runId ?? null, step_key: e.stepKey ?? null, type: e.type, timestamp: e.timestamp, body: JSON.stringify(e) })))
      .returning('seq')
      .execute();
    seqs.push(...rows.map((r) => Number(r.seq)).sort((a, b) => a - b));
  }

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
  const observations: ObservationsTable[] = [];
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
      case 'LOG':
      case 'CHECK_RESULT':
        break;
    }
  });

  // 4. runs
  if (runInserts.length > 0) {
    for (const part of chunk(runInserts, rowsPerStatement(cap, 15))) {
      await trx.insertInto('runs').values(part).onConflict((oc) => oc.column('id').doNothing()).execute();
    }
  }
  for (const [id, delta] of runDeltas) {
    await trx.updateTable('runs').set(delta).where('id', '=', id).where('status', 'not in', TERMINAL).execute();
  }

  // 5. steps: one upsert per distinct set of changed columns
  const bySignature = new Map<string, { runId: string; stepKey: string; delta: StepDelta }[]>();
  for (const s of stepDeltas.values()) {
    const sig = Object.keys(s.delta).sort().join(',');
    const group = bySignature.get(sig);
    if (group) group.push(s);
    else bySignature.set(sig, [s]);
  }
  for (const [sig, group] of bySignature) {
    const columns = sig.split(',') as (keyof StepDelta)[];
    for (const part of chunk(group, rowsPerStatement(cap, 10))) {
      await trx
        .insertInto('steps')
        .values(part.map((s) => ({
          run_id: s.runId, step_key: s.stepKey, asset_keys: '[]', partition_keys: '[]', status: 'pending', attempt: 0,
          started_at: null, ended_at: null, duration_ms: null, error: null, ...s.delta,
        })))
        .onConflict((oc) => oc.columns(['run_id', 'step_key']).doUpdateSet((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)]))))
        .execute();
    }
  }

  // 6. materializations, provenance edges, latest per partition and per asset
  if (materializations.length > 0) {
    for (const part of chunk(materializations, rowsPerStatement(cap, 10))) await trx.insertInto('materializations').values(part).execute();
    const edges = new Map<string, { materialization_id: number; upstream_id: number }>();
    for (const m of materializations) {
      for (const p of JSON.parse(m.provenance) as { materializationId: string | null }[]) {
        if (p.materializationId == null) continue;
        const upstream = Number(p.materializationId);
        if (!Number.isSafeInteger(upstream)) throw new BatonError('INPUT_INVALID', `Provenance of materialization ${m.asset_key}${m.partition_key ? `[${m.partition_key}]` : ''} names materialization id "${p.materializationId}", which is not a storage id`, { hint: 'pass the `id` of a stored MaterializationRecord' });
        edges.set(`${m.id}:${upstream}`, { materialization_id: m.id, upstream_id: upstream });
      }
    }
    for (const part of chunk([...edges.values()], rowsPerStatement(cap, 2))) {
      await trx.insertInto('materialization_inputs').values(part).onConflict((oc) => oc.doNothing()).execute();
    }
    const latest = new Map<string, { asset_key: string; partition_key: string; materialization_id: number }>();
    const assetLatest = new Map<string, { asset_key: string; materialization_id: number }>();
    for (const m of materializations) {
      latest.set(partitionId(m.asset_key, m.partition_key), { asset_key: m.asset_key, partition_key: m.partition_key, materialization_id: m.id });
      assetLatest.set(m.asset_key, { asset_key: m.asset_key, materialization_id: m.id });
    }
    for (const part of chunk([...latest.values()], rowsPerStatement(cap, 3))) {
      await trx.insertInto('latest_materializations').values(part)
        .onConflict((oc) => oc.columns(['asset_key', 'partition_key']).doUpdateSet((eb) => ({ materialization_id: eb.ref('excluded.materialization_id') })))
        .execute();
    }
    for (const part of chunk([...assetLatest.values()], rowsPerStatement(cap, 2))) {
      await trx.insertInto('asset_latest').values(part)
        .onConflict((oc) => oc.column('asset_key').doUpdateSet((eb) => ({ materialization_id: eb.ref('excluded.materialization_id') })))
        .execute();
    }
  }

  // 7. observations and their latest per partition
  if (observations.length > 0) {
    for (const part of chunk(observations, rowsPerStatement(cap, 7))) await trx.insertInto('observations').values(part).execute();
    const latest = new Map<string, { asset_key: string; partition_key: string; observation_id: number }>();
    for (const o of observations) latest.set(partitionId(o.asset_key, o.partition_key), { asset_key: o.asset_key, partition_key: o.partition_key, observation_id: o.id });
    for (const part of chunk([...latest.values()], rowsPerStatement(cap, 3))) {
      await trx.insertInto('latest_observations').values(part)
        .onConflict((oc) => oc.columns(['asset_key', 'partition_key']).doUpdateSet((eb) => ({ observation_id: eb.ref('excluded.observation_id') })))
        .execute();
    }
  }

  // 8. durations of successful steps, per asset (for estimates)
  const durationRows = durations.flatMap((d) => (stepInfo.get(stepId(d.runId, d.stepKey))?.assetKeys ?? []).map((a) => ({ asset_key: a, duration_ms: d.duration, ended_at: d.endedAt })));
  for (const part of chunk(durationRows, rowsPerStatement(cap, 3))) await trx.insertInto('step_durations').values(part).execute();

  // 9. partition status: final op per (asset, partition) of this batch
  const ops = [...partitionOps.values()];
  const materialized = ops.filter((o) => o.op === 'materialized');
  const other = ops.filter((o) => o.op === 'start' || o.op === 'fail');
  for (const part of chunk(materialized, rowsPerStatement(cap, 4))) {
    await trx.insertInto('partition_status')
      .values(part.map((o) => ({ asset_key: o.assetKey, partition_key: o.partitionKey, state: PARTITION_STATE_CODE.materialized, materialized: 1 })))
      .onConflict((oc) => oc.columns(['asset_key', 'partition_key']).doUpdateSet({ state: PARTITION_STATE_CODE.materialized, materialized: 1 }))
      .execute();
  }
  for (const part of chunk(other, rowsPerStatement(cap, 4))) {
    await trx.insertInto('partition_status')
      .values(part.map((o) => ({ asset_key: o.assetKey, partition_key: o.partitionKey, state: o.op === 'start' ? PARTITION_STATE_CODE.in_progress : PARTITION_STATE_CODE.failed, materialized: 0 })))
      .onConflict((oc) => oc.columns(['asset_key', 'partition_key']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })))
      .execute();
  }
  await settlePartitions(trx, [...settle.values()], 'settle');

  // 10. runs that failed or were canceled: their unfinished steps end, their in-progress partitions fail
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
