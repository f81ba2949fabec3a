import type pg from 'pg';

/** One statement of a pipeline; `name` prepares it on the connection once and runs it by name after. */
export interface PipelinedQuery {
  readonly text: string;
  readonly values?: readonly unknown[];
  readonly name?: string;
  readonly rowMode?: 'array';
}

/**
 * Sends `queries` on `client` in one write, without waiting for each answer (node-postgres'
 * pipeline mode), and resolves with their results in order once every one has answered: a round
 * trip for all of them. Each statement still runs on its own (its own snapshot, after the previous
 * one finished), so a lock taken by one holds for those after it. If one fails, it rejects with the
 * first failure once all have answered; in an explicit transaction the statements after the failure
 * fail too ("current transaction is aborted"), and a pipelined `COMMIT` after it rolls back.
 *
 * @example
 * const [, , runs] = await pipelined(client, [{ text: 'begin' }, { text: 'select pg_advisory_xact_lock($1)', values: [1] }, { text: 'select * from runs' }]);
 */
export async function pipelined(client: pg.PoolClient, queries: readonly PipelinedQuery[]): Promise<pg.QueryResult[]> {
  const results: pg.QueryResult[] = [];
  for (const s of await pipelinedSettled(client, queries)) {
    if (s.status === 'rejected') throw s.reason;
    results.push(s.value);
  }
  return results;
}

/** `pipelined`, answering how each statement ended instead of rejecting with the first failure. */
export async function pipelinedSettled(client: pg.PoolClient, queries: readonly PipelinedQuery[]): Promise<PromiseSettledResult<pg.QueryResult>[]> {
  const mode = client as unknown as { pipeline: boolean };
  const stream = (client as unknown as { connection: { stream: { cork?: () => void; uncork?: () => void } } }).connection.stream;
  mode.pipeline = true;
  let settled: PromiseSettledResult<pg.QueryResult>[];
  try {
    stream.cork?.(); // one write for the whole pipeline
    let pending: Promise<pg.QueryResult>[];
    try {
      pending = queries.map((q) => client.query(q as pg.QueryConfig));
    } finally {
      stream.uncork?.();
    }
    settled = await Promise.allSettled(pending);
  } finally {
    mode.pipeline = false;
  }
  return settled;
}
