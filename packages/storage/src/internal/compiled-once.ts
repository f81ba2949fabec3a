import { createQueryId, type CompiledQuery, type Compilable, type RootOperationNode } from 'kysely';

/** Shapes beyond this many parameters are compiled each time (rare, large batches). */
const MAX_CACHED_PARAMETERS = 64;

/**
 * Hot-path queries are built and compiled by Kysely once per shape (dialect, query, parameter
 * count); later calls reuse the SQL with their own parameters, and SQLite's statement cache then
 * reuses the prepared statement too. `build` must put `parameters` in the query in the same order;
 * the first compile checks it.
 *
 * A call returns a plain object over the shape's SQL and query node: Kysely's `CompiledQuery.raw`
 * froze four objects and built a node per call (3 % of a one-step partition run's main-thread CPU
 * in a CPU profile, about ten queries per run).
 *
 * @example
 * const q = compiledOnce(`${cap.name}|runs|${ids.length}`, ids, () => db.selectFrom('runs').selectAll().where('id', 'in', ids));
 * const { rows } = await db.executeQuery<RunsTable>(q);
 */
export function compiledOnce(shape: string, parameters: readonly unknown[], build: () => Compilable): CompiledQuery {
  if (parameters.length > MAX_CACHED_PARAMETERS) return build().compile();
  let cached = cache.get(shape);
  if (cached === undefined) {
    const compiled = build().compile();
    if (compiled.parameters.length !== parameters.length || compiled.parameters.some((p, i) => p !== parameters[i])) {
      throw new Error(`compiledOnce(${shape}): the built query's parameters are not the given ones, in order`);
    }
    cache.set(shape, (cached = { sql: compiled.sql, query: compiled.query }));
  }
  return { sql: cached.sql, query: cached.query, parameters, queryId: createQueryId() };
}

const cache = new Map<string, { readonly sql: string; readonly query: RootOperationNode }>();

