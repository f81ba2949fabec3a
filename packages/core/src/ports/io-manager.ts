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
}

/** What an IO manager may say about a value it stored. */
export interface StoredOutput {
  /** A stable hash of the stored content: same content, same hash (hex; at most 128 characters). */
  readonly contentHash?: string;
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
  /** Loads a value stored earlier by `handleOutput`; throws when there is none. */
  loadInput(ctx: IOContext): unknown | Promise<unknown>;
}
