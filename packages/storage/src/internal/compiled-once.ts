import { CompiledQuery, type Compilable } from 'kysely';

/** Shapes beyond this many parameters are compiled each time (rare, large batches). */
const MAX_CACHED_PARAMETERS = 64;

/**
 * Hot-path queries are built and compiled by Kysely once per shape (dialect, query, parameter
 * count); later calls reuse the SQL with their own parameters, and SQLite's statement cache then
 * reuses the prepared statement too. `build` must put `parameters` in the query in the same order;
 * the first compile checks it.
 *
 * @example
 * const q = compiledOnce(`${cap.name}|runs|${ids.length}`, ids, () => db.selectFrom('runs').selectAll().where('id', 'in', ids));
 * const { rows } = await db.executeQuery<RunsTable>(q);
 */
export function compiledOnce(shape: string, parameters: readonly unknown[], build: () => Compilable): CompiledQuery {
  if (parameters.length > MAX_CACHED_PARAMETERS) return build().compile();
  let sql = cache.get(shape);
  if (sql === undefined) {
    const compiled = build().compile();
    if (compiled.parameters.length !== parameters.length || compiled.parameters.some((p, i) => p !== parameters[i])) {
      throw new Error(`compiledOnce(${shape}): the built query's parameters are not the given ones, in order`);
    }
    cache.set(shape, (sql = compiled.sql));
  }
  return CompiledQuery.raw(sql, parameters as unknown[]);
}

const cache = new Map<string, string>();
