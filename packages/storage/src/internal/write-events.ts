import type { BatonEvent } from '@baton/core';
import type { Kysely } from 'kysely';
import { chunk, IN_LIST_CHUNK } from './chunk';
import type { DialectCapabilities } from './dialect-capabilities';
import { assetPartitions, planEventWrite, stepId, stepsStartedEarlier } from './plan-event-write';
import type { EventWrite, PartitionRef, StepInfo } from './plan-event-write';
import { PARTITION_STATE_CODE } from './schema';
import type { Database } from './schema';

/**
 * Appends `events` inside the caller's write transaction and updates every projection from them
 * (see `planEventWrite`). Returns each event's seq, in order.
 */
export async function writeEvents(trx: Kysely<Database>, cap: DialectCapabilities, events: readonly BatonEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const write = planEventWrite(events, await readStepInfo(trx, events));
  const seqs = await cap.writeEventRows(trx, write.rows, { inTransaction: true });
  await followUps(trx, write);
  return seqs;
}

/**
 * Appends one batch atomically on its own: a batch that needs nothing read back from storage is one
 * statement on PostgreSQL (seqs, rows and run changes together) and one `BEGIN IMMEDIATE` transaction
 * on SQLite; one that ends runs or settles stored partitions runs in a transaction with those follow-ups.
 */
export async function appendEventBatch(db: Kysely<Database>, cap: DialectCapabilities, events: readonly BatonEvent[]): Promise<void> {
  if (events.length === 0) return;
  // a step's assets and partitions never change once it started, so they can be read before the write
  const write = planEventWrite(events, await readStepInfo(db, events));
  if (write.settle.length === 0 && write.endedRuns.length === 0) {
    await cap.writeEventRows(db, write.rows, { inTransaction: false });
    return;
  }
  await cap.writeTransaction(db, async (trx) => {
    await cap.writeEventRows(trx, write.rows, { inTransaction: true });
    await followUps(trx, write);
  });
}

/** Assets and partitions of the steps that end in `events` but started in an earlier batch. */
async function readStepInfo(db: Kysely<Database>, events: readonly BatonEvent[]): Promise<Map<string, StepInfo>> {
  const info = new Map<string, StepInfo>();
  for (const part of chunk(stepsStartedEarlier(events), 1000)) {
    const rows = await db
      .selectFrom('steps')
      .select(['run_id', 'step_key', 'asset_keys', 'partition_keys'])
      .where((eb) => eb.or(part.map((s) => eb.and([eb('run_id', '=', s.runId), eb('step_key', '=', s.stepKey)]))))
      .execute();
    for (const r of rows) info.set(stepId(r.run_id, r.step_key), { assetKeys: JSON.parse(r.asset_keys), partitionKeys: JSON.parse(r.partition_keys) });
  }
  return info;
}

/** What a batch changes in rows written earlier: settled partitions, and the open steps of ended runs. */
async function followUps(trx: Kysely<Database>, write: EventWrite): Promise<void> {
  await settlePartitions(trx, write.settle, 'settle');
  for (const ended of write.endedRuns) {
    const open = await trx.selectFrom('steps').select(['asset_keys', 'partition_keys']).where('run_id', '=', ended.runId).where('status', 'in', ['running', 'pending']).execute();
    const keys = open.flatMap((s) => assetPartitions({ assetKeys: JSON.parse(s.asset_keys), partitionKeys: JSON.parse(s.partition_keys) }).map(([a, p]) => ({ assetKey: a, partitionKey: p })));
    await settlePartitions(trx, keys, 'fail');
    await trx.updateTable('steps').set({ status: ended.status === 'canceled' ? 'canceled' : 'failure', ended_at: ended.at })
      .where('run_id', '=', ended.runId).where('status', 'in', ['running', 'pending']).execute();
  }
}

/**
 * Resolves partitions left in progress: `settle` (the step succeeded without materializing them)
 * restores "materialized" if they ever were, otherwise forgets them; `fail` marks them failed.
 */
async function settlePartitions(trx: Kysely<Database>, keys: readonly PartitionRef[], how: 'settle' | 'fail'): Promise<void> {
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
