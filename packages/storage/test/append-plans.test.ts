import { eventFactory, TEST_POSTGRES_ENV } from '@baton/storage/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/index';
import { KnownRuns } from '../src/internal/known-runs';
import { planEventWrite } from '../src/internal/plan-event-write';
import { eventRowsStatement } from '../src/internal/postgres-capabilities';
import { guessCheck } from '../src/internal/postgres-guess-check';
import { storedRunsOf, toRead, type StoredRunRow } from '../src/internal/stored-run-state';

const url = process.env[TEST_POSTGRES_ENV];
const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

/** The values of a one-dimensional binary array parameter (see `binaryArray`), to write it as a literal. */
function fromBinaryArray(buf: Buffer): unknown[] {
  if (buf.readInt32BE(0) === 0) return [];
  const oid = buf.readInt32BE(8);
  const out: unknown[] = [];
  let at = 20;
  for (let i = 0; i < buf.readInt32BE(12); i++) {
    const length = buf.readInt32BE(at);
    at += 4;
    if (length < 0) {
      out.push(null);
      continue;
    }
    out.push(oid === 25 ? buf.toString('utf8', at, at + length) : length === 8 ? Number(buf.readBigInt64BE(at)) : length === 4 ? buf.readInt32BE(at) : buf.readInt16BE(at));
    at += length;
  }
  return out;
}

// The statements of an append are prepared once per connection with a generic plan
// (plan_cache_mode=force_generic_plan), often while the tables are still empty, and kept for the
// connection's life: a plan that scans a table grows with it (the one-trip check once seq-scanned
// every step: 1.2 ms of a 3 ms batch at 5,000 steps). Every read of the append goes by key.
describe.skipIf(!url)('[postgres] the plans of an append', () => {
  const schema = `baton_plans_${process.pid}_${Date.now().toString(36)}`;
  let admin: pg.Client;
  beforeAll(async () => {
    await (await createPostgresStorage({ url: url!, schema, poolSize: 1 })).close();
    admin = new pg.Client({ connectionString: url!, options: `-c search_path=${schema} -c plan_cache_mode=force_generic_plan` });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`drop schema if exists "${schema}" cascade`);
    await admin?.end();
  });

  /** The one-round-trip rows statement of a step batch of a known run (a stored step ends, an absent one starts). */
  const oneTripStatement = () => {
    const e = eventFactory('r1', 1_000);
    const known = new KnownRuns();
    const run: StoredRunRow = { id: 'r1', status: 'queued', started_at: null, ended_at: null, owner: null, error: null };
    const first = [e.runStarted('me'), e.stepStarted('a', ['a'])];
    const reads = toRead(first);
    known.remember(reads, [run], [], planEventWrite(first, storedRunsOf(reads.runIds, [run], [], undefined)));
    const batch = [e.stepSuccess('a', 3), e.materialization('a', null, { stepKey: 'a' }), e.stepStarted('b', ['b'])];
    const guess = known.guess(toRead(batch))!;
    expect(guess.stepRows).toHaveLength(1);
    expect(guess.absentSteps).toHaveLength(1);
    const check = guessCheck(guess);
    return eventRowsStatement(planEventWrite(batch, guess.stored).rows, 1, undefined, { text: check.text, values: check.values ?? [] });
  };

  const scans = async () => {
    const { text, params } = oneTripStatement();
    // the generic plan a named statement gets (EXPLAIN of the text itself would plan for these values)
    await admin.query(`prepare append_rows as ${text}`);
    const args = params.map((v) => (v == null ? 'null' : admin.escapeLiteral(String(prepareValue(v instanceof Buffer ? fromBinaryArray(v) : v))))).join(', ');
    const plan = (await admin.query(`explain (costs off) execute append_rows(${args})`)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    await admin.query('deallocate append_rows');
    expect(plan).toMatch(/steps_pk/);
    return plan.match(/Seq Scan on \w+/g) ?? [];
  };

  it('reads runs and steps by key, on empty tables and on full ones', async () => {
    expect(await scans()).toEqual([]);
    await admin.query(`insert into runs (id, status, asset_keys, partition_target, tags, priority, plan, created_at)
      select 'run-' || i, 'success', '[]', '{"kind":"none"}', '{}', 0, 'null', i from generate_series(1, 2000) as i`);
    await admin.query(`insert into steps (run_id, step_key, asset_keys, partition_keys, status, attempt)
      select 'run-' || (i % 2000), 'step-' || i, '[]', '[]', 'success', 1 from generate_series(1, 20000) as i`);
    expect(await scans()).toEqual([]);
  });
});
