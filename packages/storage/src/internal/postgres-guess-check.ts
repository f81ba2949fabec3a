import type { RunsGuess } from './known-runs';
import { arrayParam, type PgArrayType } from './pg-binary-array';
import type { PipelinedQuery } from './pg-pipeline';
import type { StepsTable } from './schema';
import type { StoredRunRow } from './stored-run-state';

const SAME = (columns: readonly string[], a: string, b: string) => columns.map((c) => `${a}.${c} is not distinct from ${b}.${c}`).join(' and ');
const RUN_CHECKED = ['status', 'started_at', 'ended_at', 'owner', 'error'];
const STEP_CHECKED = ['asset_keys', 'partition_keys', 'status', 'attempt', 'started_at', 'ended_at', 'duration_ms', 'error'];
const RUN = (x: string) => `(select true from runs r where r.id = ${x}.id`;
const STEP = (x: string) => `(select true from steps s where s.run_id = ${x}.run_id and s.step_key = ${x}.step_key`;
// How many of the keys in `from` have a stored row (that also satisfies `and`): a correlated subquery per key,
// which PostgreSQL runs as a SubPlan (one primary-key probe per key) whatever the table held when the statement
// was prepared; a join was planned once for an empty table (seq scan + hash) and then scanned every stored step.
const matching = (from: string, row: (x: string) => string, and = '') => `(select count(*) from ${from} where ${row('x')}${and}))`;
// (as a CTE of the rows statement) 1 when the rows guessed are the stored ones (known runs $1…$6, runs without a row $7, known steps $8…$17,
// steps without a row $18/$19); otherwise a division by zero (the divisor is not a constant: never folded at planning)
const CHECK = 'select 1 / (case when '
  + matching('unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::text[], $6::text[]) as x(id, status, started_at, ended_at, owner, error)', RUN, ` and ${SAME(RUN_CHECKED, 'r', 'x')}`)
  + ' = cardinality($1::text[]) and '
  + matching('unnest($7::text[]) as x(id)', RUN)
  + ' = 0 and '
  + matching('unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int4[], $14::int8[], $15::int8[], $16::int8[], $17::text[]) '
    + 'as x(run_id, step_key, asset_keys, partition_keys, status, attempt, started_at, ended_at, duration_ms, error)', STEP, ` and ${SAME(STEP_CHECKED, 's', 'x')}`)
  + ' = cardinality($8::text[]) and '
  + matching('unnest($18::text[], $19::text[]) as x(run_id, step_key)', STEP)
  + ' = 0 then 1 else 0 end)';

/** The check of `oneTrip`: the guessed rows, as arrays per column (binary, see `binaryArray`). */
export function guessCheck(guess: RunsGuess): PipelinedQuery {
  const runs = guess.runRows;
  const steps = guess.stepRows;
  const runColumn = (type: PgArrayType, column: keyof StoredRunRow) => arrayParam(type, runs.map((r) => r[column]));
  const stepColumn = (type: PgArrayType, column: keyof StepsTable) => arrayParam(type, steps.map((r) => r[column]));
  return {
    name: 'baton_append_check',
    text: CHECK,
    values: [
      runColumn('text', 'id'), runColumn('text', 'status'), runColumn('int8', 'started_at'), runColumn('int8', 'ended_at'), runColumn('text', 'owner'), runColumn('text', 'error'),
      arrayParam('text', guess.absentRuns),
      stepColumn('text', 'run_id'), stepColumn('text', 'step_key'), stepColumn('text', 'asset_keys'), stepColumn('text', 'partition_keys'), stepColumn('text', 'status'),
      stepColumn('int4', 'attempt'), stepColumn('int8', 'started_at'), stepColumn('int8', 'ended_at'), stepColumn('int8', 'duration_ms'), stepColumn('text', 'error'),
      arrayParam('text', guess.absentSteps.map(([runId]) => runId)), arrayParam('text', guess.absentSteps.map(([, stepKey]) => stepKey)),
    ],
  };
}
