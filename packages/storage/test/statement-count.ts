import Database from 'better-sqlite3';
import pg from 'pg';

/** What the drivers executed while counting. */
export interface StatementLog {
  readonly statements: number;
  /** Most bind parameters any one statement carried (array parameters count as one). */
  readonly maxParameters: number;
  /** Rows the statements returned (better-sqlite3 `all`, node-postgres results). */
  readonly rows: number;
}

type Method = (...args: unknown[]) => unknown;

/**
 * Runs `fn` while counting every statement the drivers execute: better-sqlite3 `Statement`
 * `run/get/all/iterate` (whatever prepared it: Kysely, the statement cache or the raw handle) and
 * node-postgres `Client#query` (Kysely's connections and `pool.query` both end there).
 */
export async function countStatements(fn: () => Promise<unknown>): Promise<StatementLog> {
  let statements = 0;
  let maxParameters = 0;
  let rows = 0;
  const countRows = (result: unknown) => {
    if (Array.isArray(result)) rows += result.length;
    else if (result && typeof result === 'object' && Array.isArray((result as { rows?: unknown }).rows)) rows += (result as { rows: unknown[] }).rows.length;
    return result;
  };
  const probe = new Database(':memory:');
  const sqliteStatement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, Method>;
  probe.close();
  const restore: (() => void)[] = [];
  const patch = (target: Record<string, Method>, name: string, parameters: (args: unknown[]) => number) => {
    const original = target[name]!;
    target[name] = function (this: unknown, ...args: unknown[]) {
      statements++;
      maxParameters = Math.max(maxParameters, parameters(args));
      const result = original.apply(this, args);
      return result instanceof Promise ? result.then(countRows) : countRows(result);
    };
    restore.push(() => {
      target[name] = original;
    });
  };
  const sqliteParameters = (args: unknown[]) => (args.length === 1 && Array.isArray(args[0]) ? args[0].length : args.length);
  for (const name of ['run', 'get', 'all', 'iterate']) patch(sqliteStatement, name, sqliteParameters);
  patch(pg.Client.prototype as unknown as Record<string, Method>, 'query', (args) => {
    const [config, values] = args as [{ values?: unknown[] } | string, unknown[] | undefined];
    return (Array.isArray(values) ? values : typeof config === 'object' ? (config.values ?? []) : []).length;
  });
  try {
    await fn();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return { statements, maxParameters, rows };
}
