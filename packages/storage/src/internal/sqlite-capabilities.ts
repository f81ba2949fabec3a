import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { CompiledQuery, Kysely } from 'kysely';
import type { DialectCapabilities } from './dialect-capabilities';
import { RUN_UPDATE_COLUMNS, statementSize } from './row-set';
import type { EventRows, RowSet } from './row-set';
import type { Database } from './schema';
import type { SqliteConnectionLock } from './sqlite-connection-lock';
import { withStatementCache } from './statement-cache';

const MAX_BIND_PARAMETERS = 32_766;
/** Rows per multi-row `VALUES` statement: statement sizes are powers of two up to this (see `statementSizes`). */
const MAX_ROWS_PER_STATEMENT = 128;
/**
 * Fewer rows than this go in one statement of exactly their count (a chain step's three events, a wave's
 * ~27): one statement per table instead of one per set bit of the count. At most 31 + 3 shapes per table.
 */
const EXACT_ROWS_BELOW = 32;

/**
 * The largest seq the event log ever took: AUTOINCREMENT never reuses one, so the next is past both the
 * largest row and sqlite_sequence.
 */
const LARGEST_SEQ = `max(coalesce((select seq from sqlite_sequence where name = 'events'), 0), coalesce((select max(seq) from events), 0))`;

interface ColumnsShape {
  readonly width: number;
  /** Positions of the `seq` cells. */
  readonly seqAt: readonly number[];
  /** Rows per statement at most. */
  readonly max: number;
}
/** By column list (the `COLUMNS` constants, so a few): computed once, not per row set. */
const shapes = new WeakMap<RowSet['columns'], ColumnsShape>();
function shapeOf(columns: RowSet['columns']): ColumnsShape {
  let shape = shapes.get(columns);
  if (!shape) {
    const seqAt = columns.flatMap(([, type], i) => (type === 'seq' ? [i] : []));
    shape = { width: columns.length, seqAt, max: Math.min(MAX_ROWS_PER_STATEMENT, Math.floor((MAX_BIND_PARAMETERS - 100) / columns.length)) };
    shapes.set(columns, shape);
  }
  return shape;
}

/**
 * SQLite: one connection per process; writers across processes are serialised by `BEGIN IMMEDIATE`
 * (the write lock is taken up front, so `busy_timeout` applies instead of a mid-transaction SQLITE_BUSY).
 * With `lock` (see `lockableSqliteDialect`) a write transaction takes the connection through it instead
 * of `db.connection()`.
 */
export function sqliteCapabilities(database: BetterSqlite3.Database, lock?: SqliteConnectionLock): DialectCapabilities {
  // Hot-path statements run on the handle itself; their shapes are few (power-of-two row counts).
  const statements = new Map<string, BetterSqlite3.Statement>();
  // array-mode reads keep their own cache: `raw(true)` sticks to a statement
  const arrayStatements = withStatementCache(database, 64);
  // object-mode reads inside a write transaction (the stored runs and steps an append folds)
  const rowStatements = withStatementCache(database, 64);
  // the caches answer Kysely's narrower statement type; these reads use better-sqlite3's own
  const rowStatement = (query: CompiledQuery) => rowStatements.prepare(query.sql) as unknown as BetterSqlite3.Statement;
  const arrayStatement = (query: CompiledQuery) => arrayStatements.prepare(query.sql) as unknown as BetterSqlite3.Statement;
  const prepared = (key: string, text: () => string) => {
    let stmt = statements.get(key);
    if (!stmt) statements.set(key, (stmt = database.prepare(text())));
    return stmt;
  };

  // BEGIN/COMMIT run on the handle (no query building per transaction) while Kysely's only connection is held.
  const inTransaction = async <T>(fn: (trx: Kysely<Database>) => Promise<T>, trx: Kysely<Database>): Promise<T> => {
    prepared('begin', () => 'begin immediate').run();
    try {
      const result = await fn(trx);
      prepared('commit', () => 'commit').run();
      return result;
    } catch (error) {
      if (database.inTransaction) prepared('rollback', () => 'rollback').run();
      throw error;
    }
  };
  const transaction = async <T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> => {
    if (!lock) return db.connection().execute((conn) => inTransaction(fn, conn));
    const release = await lock.acquire();
    try {
      return await inTransaction(fn, lock.held);
    } finally {
      await release();
    }
  };

  /**
   * Multi-row `VALUES` statements (see `statementSizes`), cached by table, conflict clause and row count
   * (keyed without building a string per batch); a `seq` cell at position p becomes `base + 1 + p`.
   * Binding the row arrays as they are (`run(...rows)`, `@base + ?` for a seq cell) instead of copying them
   * into one flat array cost 1.5–3.5 % more CPU per event on batches of 100 (in-process A/B, 2 × 12 pairs).
   */
  const inserts = new Map<string, Map<string, Map<number, BetterSqlite3.Statement>>>();
  // `or rollback`: a constraint failure ends the whole transaction at once (every caller rolls back on any error
  // anyway), so SQLite keeps no statement journal for these multi-row statements, upserts included: it copied each
  // page a statement first touched (~1 % of the main thread's instructions on batches of 100, and 4 KB copies).
  const insertStatement = (set: RowSet, size: number): BetterSqlite3.Statement => {
    const conflict = set.onConflict ?? '';
    let byConflict = inserts.get(set.table);
    if (!byConflict) inserts.set(set.table, (byConflict = new Map()));
    let bySize = byConflict.get(conflict);
    if (!bySize) byConflict.set(conflict, (bySize = new Map()));
    let stmt = bySize.get(size);
    if (!stmt) {
      const row = `(${new Array<string>(set.columns.length).fill('?').join(', ')})`;
      bySize.set(size, (stmt = database.prepare(`insert or rollback into "${set.table}" (${set.columns.map(([c]) => `"${c}"`).join(', ')}) values ${new Array<string>(size).fill(row).join(', ')}${conflict ? ` ${conflict}` : ''}`)));
    }
    return stmt;
  };

  /**
   * One parameter array per length, filled anew for each statement: `run` binds it before it returns, and a
   * fresh array per statement was ~10 % of what an in-memory run step allocated.
   */
  const scratch = new Map<number, unknown[]>();
  const writeSet = (set: RowSet, base: number) => {
    const { width, seqAt, max } = shapeOf(set.columns);
    const rows = set.rows;
    for (let at = 0; at < rows.length;) {
      const size = statementSize(rows.length - at, max, EXACT_ROWS_BELOW);
      let params = scratch.get(size * width);
      if (params === undefined) scratch.set(size * width, (params = new Array<unknown>(size * width).fill(null)));
      // indexed loops: most of a run's appends run before this code is optimized, and `for…of` then allocates an iterator per row
      for (let r = 0, k = 0; r < size; r++) {
        const row = rows[at + r]!;
        for (let c = 0; c < width; c++) params[k++] = row[c];
        for (let s = 0; s < seqAt.length; s++) {
          const c = seqAt[s]!;
          const v = row[c];
          if (v != null) params[r * width + c] = base + 1 + (v as number);
        }
      }
      // spread, not the array: better-sqlite3 reads an array argument element by element through V8's API
      // (~0.4k instructions each), an argument list directly (~20 ns per parameter less)
      insertStatement(set, size).run(...params);
      at += size;
    }
  };

  /** Writes a batch's rows after seq `base` (read here when not given) and returns its seqs. */
  const writeRows = (rows: EventRows, given: number | undefined): number[] => {
    const base = given ?? Number(prepared('reserve', () => `select ${LARGEST_SEQ}`).pluck().get());
    for (const set of rows.sets) writeSet(set, base);
    if (rows.runUpdates.length > 0) {
      const update = prepared('run-update', () => {
        const columns = RUN_UPDATE_COLUMNS.slice(1).map(([c]) => (c === 'heartbeat_at' ? `"${c}" = coalesce(?, "${c}")` : `"${c}" = ?`)).join(', ');
        return `update "runs" set ${columns} where "id" = ?`;
      });
      for (const [id, ...values] of rows.runUpdates) update.run(...values, id);
    }
    const seqs = new Array<number>(rows.count);
    for (let i = 0; i < rows.count; i++) seqs[i] = base + 1 + i;
    return seqs;
  };

  /**
   * Runs `read` on the handle holding Kysely's connection mutex, so it never lands inside another caller's
   * open transaction (through `lock` when there is one: no connection builder, provider and Kysely instance per read).
   */
  const underConnectionLock = async <T>(db: Kysely<Database>, read: () => T): Promise<T> => {
    if (!lock) return db.connection().execute(async () => read());
    const release = await lock.acquire();
    try {
      return read();
    } finally {
      await release();
    }
  };

  return {
    name: 'sqlite',
    autoIdType: 'integer',
    bigIdType: 'integer',
    autoId: (col) => col.primaryKey().autoIncrement(),
    compactTable: (builder) => builder.modifyEnd(sql`without rowid`),
    maxBindParameters: MAX_BIND_PARAMETERS,
    skipLocked: false,
    writeTransaction: transaction,
    lockEventLog: async () => {},
    // Everything runs on the handle inside BEGIN IMMEDIATE (the caller's, or its own): no other writer can
    // take seqs meanwhile.
    writeEventRows: (db, rows, options) => (options.inTransaction ? Promise.resolve(writeRows(rows, options.base)) : transaction(db, async () => writeRows(rows, options.base))),
    // three statements: one reading pragma_data_version (a table-valued pragma, prepared again on every
    // read) cost ~7 us per append in a chain step, these together ~1 us
    logVersion: () => ({
      seq: Number(prepared('reserve', () => `select ${LARGEST_SEQ}`).pluck().get()),
      changes: Number(prepared('total-changes', () => 'select total_changes()').pluck().get()),
      dataVersion: Number(prepared('data-version', () => 'pragma data_version').pluck().get()),
    }),
    totalChanges: () => Number(prepared('total-changes', () => 'select total_changes()').pluck().get()),
    // an append with nothing to wait for, in one synchronous block: no promise, lock or async frame per layer
    writeTransactionNow: lock
      ? <T>(fn: () => T | undefined): T | undefined => {
        if (!lock.idle() || database.inTransaction) return undefined;
        prepared('begin', () => 'begin immediate').run();
        try {
          const result = fn();
          if (result === undefined) prepared('rollback', () => 'rollback').run(); // nothing written: the caller goes the asynchronous way
          else prepared('commit', () => 'commit').run();
          return result;
        } catch (error) {
          if (database.inTransaction) prepared('rollback', () => 'rollback').run();
          throw error;
        }
      }
      : undefined,
    writeEventRowsNow: (rows, base) => writeRows(rows, base),
    // The caller's transaction holds Kysely's only connection: the read runs on the handle, inside it.
    selectInTransaction: <R>(_trx: unknown, query: CompiledQuery) =>
      Promise.resolve(rowStatement(query).all(...(query.parameters as unknown[])) as R[]),
    executeInTransaction: (_trx, query) => {
      rowStatement(query).run(...(query.parameters as unknown[]));
      return Promise.resolve();
    },
    selectRows: <R>(db: Kysely<Database>, query: CompiledQuery) =>
      underConnectionLock(db, () => rowStatement(query).all(...(query.parameters as unknown[])) as R[]),
    selectArrays: (db, query) =>
      underConnectionLock(db, () => arrayStatement(query).raw(true).all(...(query.parameters as unknown[])) as unknown[][]),
  };
}
