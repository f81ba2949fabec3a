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
  /** Stores the value an asset produced for one partition (or the unpartitioned value). */
  handleOutput(ctx: IOContext, value: unknown): void | Promise<void>;
  /** Loads a value stored earlier by `handleOutput`; throws when there is none. */
  loadInput(ctx: IOContext): unknown | Promise<unknown>;
}
