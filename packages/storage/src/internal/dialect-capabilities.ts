import type { ColumnDefinitionBuilder, CompiledQuery, CreateTableBuilder, Kysely } from 'kysely';
import type { LogVersion } from './folded-runs';
import type { EventRows } from './row-set';
import type { Database } from './schema';

/**
 * Everything that differs between SQLite and PostgreSQL, in one small object (STYLE habit 1).
 * The repositories are written once against Kysely and ask this object only for these few things.
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Column type of an autoincrementing id: `integer` (SQLite rowid alias) or `bigserial`. */
  readonly autoIdType: 'integer' | 'bigserial';
  /** Column type of a 64-bit id given by the caller: `integer` on SQLite (a rowid alias when primary key), `bigint` on PostgreSQL. */
  readonly bigIdType: 'integer' | 'bigint';
  /** Makes `col` the autoincrementing primary key. */
  autoId(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Lets a table with a composite primary key be stored compactly (SQLite `WITHOUT ROWID`). */
  compactTable<T extends string, C extends string>(builder: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
  /** Bind parameters one statement may carry (PostgreSQL 65,535; SQLite 32,766); callers chunk below this. */
  readonly maxBindParameters: number;
  /**
   * Runs `fn` in a write transaction that serialises writers: `BEGIN IMMEDIATE` on SQLite
   * (one writer across processes), a normal transaction on PostgreSQL (rows are locked explicitly).
   */
  writeTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Called first in every transaction that appends events: makes commit order equal `seq` order, so a
   * follower reading `seq > cursor` never misses a late commit (PostgreSQL advisory lock; no-op on SQLite).
   */
  lockEventLog(trx: Kysely<Database>): Promise<void>;
  /** `FOR UPDATE SKIP LOCKED` on PostgreSQL; nothing on SQLite (the write transaction already excludes others). */
  readonly skipLocked: boolean;
  /**
   * Writes one batch of events and its projection rows (`EventRows`): takes the event-log lock (see
   * `lockEventLog`) and `rows.count` new seqs, increasing, writes every row set with each `seq` cell
   * replaced by that event's seq, applies the run updates, and returns the seqs in event order.
   * `inTransaction`: `db` is the caller's write transaction; otherwise the write is atomic on its own
   * (SQLite: one `BEGIN IMMEDIATE` transaction; PostgreSQL: one prepared statement, one round trip).
   * Sets must not touch the same row twice. `base`: the largest seq, when the caller read it in this
   * transaction (`logVersion`): the batch's seqs follow it, with no read to take them.
   */
  writeEventRows(db: Kysely<Database>, rows: EventRows, options: { readonly inTransaction: boolean; readonly base?: number }): Promise<number[]>;
  /**
   * SQLite only: what tells an append whether the runs and steps this connection's last append folded
   * are still the stored ones (see `FoldedRuns`), read inside the caller's write transaction: the event
   * log's largest seq, this connection's `total_changes()`, its `data_version`.
   */
  logVersion?(): LogVersion;
  /** SQLite only: this connection's `total_changes()`. */
  totalChanges?(): number;
  /**
   * SQLite only: runs `fn` as one write transaction at once, synchronously, when nothing else holds or waits
   * for the connection (see `SqliteConnectionLock.idle`); commits and returns what `fn` returns. Undefined,
   * with nothing written, when the connection is in use or `fn` answers undefined (rolled back: it needs
   * what only the asynchronous path does). Throws, rolled back, what `fn` or SQLite throws.
   */
  writeTransactionNow?<T>(fn: () => T | undefined): T | undefined;
  /** SQLite only: `writeEventRows` inside the caller's `writeTransactionNow`, after seq `base`; returns the batch's seqs. */
  writeEventRowsNow?(rows: EventRows, base: number): number[];
  /**
   * Runs a compiled select inside the caller's write transaction `trx` (which holds the connection):
   * on SQLite straight on the handle with a cached statement (no query executor per read on the append
   * path), on PostgreSQL through the transaction.
   */
  selectInTransaction<R>(trx: Kysely<Database>, query: CompiledQuery): Promise<R[]>;
  /**
   * Runs a compiled statement that answers no rows (an insert) inside the caller's write transaction `trx`:
   * on SQLite straight on the handle with a cached statement (Kysely's executor took a connection, its
   * mutex and a few promises per statement: ~3 % of a one-step partition run), on PostgreSQL through `trx`.
   */
  executeInTransaction(trx: Kysely<Database>, query: CompiledQuery): Promise<void>;
  /**
   * Runs a compiled select on its own (outside any transaction of the caller's): on SQLite on the handle
   * with a cached statement under the connection lock (Kysely's executor took a connection provider, its
   * mutex and a Kysely per read), on PostgreSQL through `db` as any query.
   */
  selectRows<R>(db: Kysely<Database>, query: CompiledQuery): Promise<R[]>;
  /** Runs a compiled select and returns rows as arrays (no per-row objects): for very large reads. */
  selectArrays(db: Kysely<Database>, query: CompiledQuery): Promise<unknown[][]>;
}
