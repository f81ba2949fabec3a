import type { PartitionsDefinition } from '../partitions/partitions-definition';
import type { OutputSchema } from '../quality/output-schema';
import type { SqlQuery } from '../sql/sql';

/**
 * Where an asset partition's value is stored or read, handed to an IO manager.
 */
export interface IOContext {
  readonly assetKey: string;
  /** null for unpartitioned assets. */
  readonly partitionKey: string | null;
  /** The run storing (handleOutput) or reading (loadInput) the value. */
  readonly runId: string;
  readonly stepKey: string;
  /** Asset metadata from the definition (table names, schemas), for IO managers that need it. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The asset's group (table IO managers name a schema after it). */
  readonly group?: string;
  /** The asset's partitions definition (table IO managers write one partition column per dimension). */
  readonly partitions?: PartitionsDefinition | undefined;
  /** The asset's output schema, when it declares one (table IO managers type their columns from it). */
  readonly outputSchema?: OutputSchema | undefined;
  /**
   * loadInput: the data version of the stored materialization being read, when the caller knows it
   * (the runner always does). An IO manager may answer from it without reading anything, e.g. a
   * value it hashed to a known version (the filesystem IO manager's `null`, which it never writes).
   * handleOutput: the data version the asset reported (`ctx.reportDataVersion`), if any; the
   * materialization records it instead of the returned content hash.
   */
  readonly dataVersion?: string | undefined;
}

/**
 * What an IO manager reports about a value it stored, recorded as materialization metadata
 * (table IO managers: `rowCount`, `columns` — `[{ name, type, nullable }]` — and `bytes`).
 */
export type IOOutputMetadata = Readonly<Record<string, unknown>>;

/** One upstream relation of a SQL asset: the asset and the partitions its mapping selects (`[null]`: unpartitioned). */
export interface SqlRelationContext {
  readonly context: IOContext;
  readonly partitionKeys: readonly (string | null)[];
}

/** What an IO manager needs to run a SQL asset's query for one partition and store its result. */
export interface SqlExecutionContext extends IOContext {
  readonly query: SqlQuery;
  /** One per `query.relations`, same order: where each upstream lives and which partitions the step reads. */
  readonly relations: readonly SqlRelationContext[];
  /** Partition bindings: partitionKey, windowStart/windowEnd (ISO strings), dimension:<name>. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** What an IO manager may say about a value it stored. */
export interface StoredOutput {
  /** A stable hash of the stored content: same content, same hash (hex; at most 128 characters). */
  readonly contentHash?: string;
  /** Facts to record on the materialization (table IO managers: `rowCount`, `columns`, `bytes`). */
  readonly metadata?: IOOutputMetadata;
}

/**
 * Decides where values live between assets. The runner calls `handleOutput` once per asset
 * partition a step produced, and `loadInput` once per upstream partition a step reads.
 * Implementations must make `handleOutput` atomic (a reader never sees half a value) and may be
 * called concurrently for different partitions. Values are whatever the asset function returned.
 *
 * An asset chooses its IO manager by key (`ioManager: 'warehouse'`); the runner receives the
 * instances as `ioManagers: { default, warehouse }`.
 *
 * @example
 * const warehouseIOManager: IOManager = {
 *   async handleOutput(ctx, rows) {
 *     await db.replaceTable(ctx.assetKey.replaceAll('/', '_'), ctx.partitionKey, rows as Row[]);
 *   },
 *   async loadInput(ctx) {
 *     return db.selectAll(ctx.assetKey.replaceAll('/', '_'), ctx.partitionKey);
 *   },
 * };
 */
export interface IOManager {
  /**
   * Stores the value an asset produced for one partition (or the unpartitioned value). May return
   * a hash of what it stored (`{ contentHash }`, e.g. of the bytes written); it becomes the data
   * version of the materialization. Without one, the runner hashes a canonical serialisation of the value.
   */
  handleOutput(ctx: IOContext, value: unknown): void | StoredOutput | Promise<void | StoredOutput>;
  /**
   * True when `handleOutput` takes a row stream (`RowStream`: an async iterable or a generator of
   * rows, already validated row by row by the runner) and writes it in bounded batches. It should then
   * return a `contentHash`, since the runner cannot hash a stream. Without it the runner gathers a
   * stream into an array first.
   */
  readonly acceptsRowStreams?: boolean;
  /** Loads a value stored earlier by `handleOutput`; throws when there is none. */
  loadInput(ctx: IOContext): unknown | Promise<unknown>;
  /**
   * Optional: loads many partitions at once (one query) for a `load: 'many'` input, keyed by
   * partition key. Without it the runner calls `loadInput` once per partition.
   */
  loadPartitions?(ctx: IOContext, partitionKeys: readonly string[]): Promise<ReadonlyMap<string, unknown>>;
  /**
   * Optional capability of engines that run SQL (DuckDB, PostgreSQL): runs a SQL asset's query for
   * one partition inside the engine and stores the result as the asset's value for that partition,
   * atomically, without moving rows through Node. Errors name the asset and carry the engine's message.
   */
  executeSql?(ctx: SqlExecutionContext): Promise<void | IOOutputMetadata>;
}
