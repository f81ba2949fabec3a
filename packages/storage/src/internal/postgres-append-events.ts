import type { BatonEvent } from '@baton/core';
import type pg from 'pg';
import type { AutoPreparePool } from './auto-prepare-pool';
import { pipelined, pipelinedSettled, type PipelinedQuery } from './pg-pipeline';
import { planEventWrite, type EventWrite } from './plan-event-write';
import { KnownRuns, type RunReads, type RunsGuess } from './known-runs';
import { guessCheck } from './postgres-guess-check';
import { eventRowsStatement, seqsFrom } from './postgres-capabilities';
import { PARTITION_STATE_CODE } from './schema';
import type { StepsTable } from './schema';
import { storedRunsOf, toRead, type StoredRunRow } from './stored-run-state';
import { nextReceipt, RECEIPT_RETENTION_MS } from './write-receipt';

const COMMIT: PipelinedQuery = { text: 'commit' };
const RECEIPT = 'select result from write_receipts where id = $1::text';
const RUNS = 'select id, status, started_at, ended_at, owner, error from runs where id = any($1::text[])';
// every step of the runs in $1, and the steps ($2[i], $3[i]) of the others
const STEPS = 'select * from steps where run_id = any($1::text[]) '
  + 'union all select s.* from unnest($2::text[], $3::text[]) as k(run_id, step_key) join steps s on s.run_id = k.run_id and s.step_key = k.step_key';
const { materialized, failed, in_progress: inProgress } = PARTITION_STATE_CODE;
const PARTITIONS = 'unnest($1::text[], $2::text[]) as k(asset_key, partition_key)';
const SAME_PARTITION = `p.asset_key = k.asset_key and p.partition_key = k.partition_key and p.state = ${inProgress}`;
// see settlePartitions in write-events.ts: restore "materialized" if they ever were, otherwise forget them
const SETTLE = `with k as (select * from ${PARTITIONS}), `
  + `u as (update partition_status p set state = ${materialized} from k where ${SAME_PARTITION} and p.materialized = 1) `
  + `delete from partition_status p using k where ${SAME_PARTITION} and p.materialized = 0`;
const FAIL = `update partition_status p set state = ${failed} from ${PARTITIONS} where ${SAME_PARTITION}`;
const PRUNE_RECEIPTS = 'delete from write_receipts where created_at < $1::int8';
const DIVISION_BY_ZERO = '22012';

type Receipt = NonNullable<ReturnType<typeof nextReceipt>>;

const STALE = Symbol('stale');

/**
 * `appendEvents` on PostgreSQL in one or two round trips (the same write as `appendEventBatch`, which
 * takes about seven). One, for a batch whose runs this process wrote last (`KnownRuns`): see `oneTrip`.
 * Two otherwise (a run written elsewhere first, every step of an ending run, the retry of a call): the
 * first sends `BEGIN`, the event-log lock and the reads of the batch's stored runs and steps at once
 * (pipelined; each read runs after the lock is granted), the batch is folded, and the second sends the
 * rows statement (with the write receipt, see `write-receipt.ts`), the follow-ups and `COMMIT` at once.
 * A failure anywhere rolls back everything. Fixed statements are prepared on each connection; the rows
 * statement once its shape recurs (`AutoPreparePool`).
 *
 * @example
 * const append = postgresAppendEvents(pool, prepared, eventLogLockKey('public'));
 * const seqs = await append([e.stepStarted('a', ['a']), e.stepSuccess('a')]);
 */
export function postgresAppendEvents(pool: pg.Pool, prepared: AutoPreparePool, lockKey: number): (events: readonly BatonEvent[]) => Promise<number[]> {
  const known = new KnownRuns();
  let receipts = 0;
  // BEGIN and the event-log lock as one simple-protocol message (two statements): one statement fewer to
  // bind, describe and answer per append; the key is a number of ours, written into the text
  const beginLocked: PipelinedQuery = { text: `begin; select pg_advisory_xact_lock(${Number(lockKey)}::int8)` };

  /** The rows statement and what follows it, up to and with `COMMIT`. */
  const writeAndCommit = (write: EventWrite, receipt: Receipt | undefined, check?: PipelinedQuery): PipelinedQuery[] => {
    const now = Date.now();
    const rows = eventRowsStatement(write.rows, lockKey, receipt ? { id: receipt.id, createdAt: now } : undefined, check && { text: check.text, values: check.values ?? [] });
    const name = prepared.nameFor(rows.text);
    const out: PipelinedQuery[] = [{ ...(name ? { name } : {}), text: rows.text, values: rows.params, rowMode: 'array' }, ...followUps(write)];
    if (receipt && ++receipts % 1_000 === 0) out.push({ name: 'baton_append_prune', text: PRUNE_RECEIPTS, values: [now - RECEIPT_RETENTION_MS] });
    out.push(COMMIT);
    return out;
  };

  /**
   * One round trip: `BEGIN`, the lock, the rows statement, follow-ups and `COMMIT`, pipelined. The rows
   * statement first checks (a CTE its seqs are drawn after) that the rows the batch was folded from (guessed)
   * are the stored ones; it runs after the lock is granted. If a row differs the statement fails (division by
   * zero) and writes nothing, everything after it fails, and `COMMIT` rolls back: STALE.
   */
  const oneTrip = async (client: pg.PoolClient, events: readonly BatonEvent[], guess: RunsGuess, receipt: Receipt | undefined): Promise<number[] | typeof STALE | undefined> => {
    let write: EventWrite;
    try {
      write = planEventWrite(events, guess.stored);
    } catch {
      return undefined; // folded again from the rows read, where the error is thrown
    }
    const settled = await pipelinedSettled(client, [beginLocked, ...writeAndCommit(write, receipt, guessCheck(guess))]);
    const rows = settled[1]!;
    if (rows.status === 'rejected' && (rows.reason as { code?: string }).code === DIVISION_BY_ZERO) return STALE;
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    known.remember(guess.reads, guess.runRows, guess.stepRows, write);
    return seqsFrom(((rows as PromiseFulfilledResult<pg.QueryResult>).value.rows as unknown[][])[0]![0], events.length);
  };

  const twoTrips = async (client: pg.PoolClient, events: readonly BatonEvent[], reads: RunReads, receipt: Receipt | undefined): Promise<number[]> => {
    const { runIds, wholeRuns, steps } = reads;
    const first: PipelinedQuery[] = [beginLocked];
    if (receipt?.retry) first.push({ name: 'baton_append_receipt', text: RECEIPT, values: [receipt.id] });
    if (runIds.size > 0) {
      const stepRuns: string[] = [];
      const stepKeys: string[] = [];
      for (const [runId, keys] of steps) {
        if (wholeRuns.has(runId)) continue;
        for (const key of keys) {
          stepRuns.push(runId);
          stepKeys.push(key);
        }
      }
      first.push({ name: 'baton_append_runs', text: RUNS, values: [[...runIds]] }, { name: 'baton_append_steps', text: STEPS, values: [[...wholeRuns], stepRuns, stepKeys] });
    }
    const read = await pipelined(client, first);
    if (receipt?.retry) {
      // the attempt before lost its connection: if its COMMIT went through, answer what it returned
      const prior = read[1]!.rows[0] as { result: string } | undefined;
      if (prior) {
        await client.query('rollback');
        return (JSON.parse(prior.result) as { value: number[] }).value;
      }
    }
    const runRows = runIds.size > 0 ? (read[read.length - 2]!.rows as StoredRunRow[]) : [];
    const stepRows = runIds.size > 0 ? (read[read.length - 1]!.rows as StepsTable[]) : [];
    const write = planEventWrite(events, storedRunsOf(runIds, runRows, stepRows, undefined));
    const [written] = await pipelined(client, writeAndCommit(write, receipt));
    known.remember(reads, runRows, stepRows, write);
    return seqsFrom((written!.rows as unknown[][])[0]![0], events.length);
  };

  return async (events) => {
    if (events.length === 0) return [];
    const receipt = nextReceipt();
    const reads = toRead(events);
    const guess = known.guess(reads);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      try {
        if (guess && !receipt?.retry) {
          const seqs = await oneTrip(client, events, guess, receipt);
          if (Array.isArray(seqs)) return seqs;
          // stale: the transaction is over (its COMMIT rolled back), nothing was written, the receipt id is unused
        }
        return await twoTrips(client, events, reads, receipt);
      } catch (error) {
        known.forget(reads.runIds);
        await client.query('rollback').catch((e: Error) => (broken = e));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  };
}

/** What a batch changes in rows written earlier (see `followUps` in write-events.ts), after its rows. */
function followUps(write: EventWrite): PipelinedQuery[] {
  const out: PipelinedQuery[] = [];
  for (const [keys, name, text] of [[write.settle, 'baton_append_settle', SETTLE], [write.failOpen, 'baton_append_fail', FAIL]] as const) {
    if (keys.length > 0) out.push({ name, text, values: [keys.map((k) => k.assetKey), keys.map((k) => k.partitionKey)] });
  }
  return out;
}
