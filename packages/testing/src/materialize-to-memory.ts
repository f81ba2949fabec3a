import { BatonError, type AssetDefinition, type BatonEvent, type Definitions } from '@baton/core';
import { launchPlan, planMaterialization } from '@baton/actions';
import type { PlanRequest, RunPlan } from '@baton/planner';
import { memoryIOManager, memoryKey, type PlanRunOutcome } from '@baton/runner';
import { createSqliteStorage } from '@baton/storage';

export interface MaterializeToMemoryOptions {
  /** Selection syntax, as `baton materialize --select` takes it. Default `'*'` (every asset). */
  readonly selection?: string;
  /** One partition of the partitioned assets (`baton materialize --partition`). */
  readonly partitionKey?: string;
  /** Several partitions: an inclusive `{ from, to }` range or explicit keys (`--from/--to`). */
  readonly partitions?: { readonly from: string; readonly to: string } | readonly string[];
  /** Ready-made resource values by name, e.g. a fake database client. */
  readonly resources?: Readonly<Record<string, unknown>>;
  /** Run config by asset key, validated by each asset's config schema. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** The clock planning reads (epoch ms or a Date). Default: now. */
  readonly now?: number | Date;
}

/** A step that failed for good (after its retries), one entry per asset and partition. */
export interface MemoryFailure {
  readonly assetKey: string;
  /** Null for an unpartitioned asset. */
  readonly partitionKey: string | null;
  readonly error: string;
}

export type MaterializationEvent = Extract<BatonEvent, { type: 'MATERIALIZATION' }>;

export interface MemoryMaterializeResult {
  /** True when every run succeeded. */
  readonly success: boolean;
  /**
   * The value an asset produced. Pass the asset definition for a typed value, or its key.
   * A partitioned asset needs the partition key. Throws ASSET_NOT_FOUND when the asset has no value
   * (unknown, not selected, failed or skipped).
   */
  valueOf<T>(asset: AssetDefinition<T, any, any>, partitionKey?: string): T;
  valueOf(assetKey: string, partitionKey?: string): unknown;
  /** Every stored value, keyed `assetKey` or `assetKey[partitionKey]`. */
  readonly values: ReadonlyMap<string, unknown>;
  /** One outcome per planned run, in launch order. */
  readonly runs: readonly PlanRunOutcome[];
  /** Every event the runs produced, in order. */
  readonly events: readonly BatonEvent[];
  readonly materializations: readonly MaterializationEvent[];
  /** What failed and why (empty on success). */
  readonly failures: readonly MemoryFailure[];
}

/**
 * Materializes a selection in this process, like `baton materialize`, with in-memory SQLite
 * storage and an in-memory IO manager: nothing is written to disk (no `.baton/` folder). A failing
 * asset is a result (`success: false`, `failures` naming it), not a rejection; only misuse (an
 * unknown selection, both `partitionKey` and `partitions`) rejects. Without partitions, partitioned
 * assets run their latest partition as of `now` (the planner's `'latest'`, as `baton materialize`).
 *
 * @example
 * import { materializeToMemory } from '@baton/testing';
 * const result = await materializeToMemory(defs, { selection: 'raw/orders+', partitionKey: '2024-01-01' });
 * expect(result.success).toBe(true);
 * expect(result.valueOf(cleanOrders, '2024-01-01')).toHaveLength(3); // typed from the asset
 */
export async function materializeToMemory(definitions: Definitions, options: MaterializeToMemoryOptions = {}): Promise<MemoryMaterializeResult> {
  const request: PlanRequest = { select: options.selection ?? '*', partitions: partitionsOf(options), tags: { 'baton/source': 'test' } };
  const storage = await createSqliteStorage({ path: ':memory:' });
  try {
    const now = options.now === undefined ? Date.now() : +options.now;
    // the CLI's and the API's materialize: planned by @baton/actions, executed here by its launchPlan
    const ctx = { storage, definitions: () => definitions, snapshot: () => storage.loadStateSnapshot({ now }) };
    const plan = await planMaterialization(ctx, request);
    const io = memoryIOManager();
    const ioManagers = Object.fromEntries(['default', ...Object.keys(definitions.ioManagers)].map((key) => [key, io]));
    const events: BatonEvent[] = [];
    const launched = await launchPlan(ctx, plan, {
      executeHere: {
        definitions,
        ioManagers,
        ...(options.resources ? { resources: options.resources } : {}),
        ...(options.config ? { config: options.config } : {}),
        onEvent: (_run, event) => events.push(event),
      },
    });
    const runs = launched.outcomes!;
    return {
      success: runs.every((r) => r.status === 'success'),
      valueOf: (asset: string | AssetDefinition, partitionKey?: string) => readValue(definitions, io.values, asset, partitionKey),
      values: io.values,
      runs,
      events,
      materializations: events.filter((e): e is MaterializationEvent => e.type === 'MATERIALIZATION'),
      failures: failuresOf(plan.runs, events, runs),
    };
  } finally {
    await storage.close();
  }
}

function partitionsOf(options: MaterializeToMemoryOptions): PlanRequest['partitions'] {
  if (options.partitionKey !== undefined && options.partitions !== undefined) {
    throw new BatonError('PARTITION_KEY_INVALID', 'materializeToMemory got both partitionKey and partitions', {
      hint: 'pass one key with partitionKey, or a range or list with partitions',
    });
  }
  return options.partitionKey ?? options.partitions;
}

function readValue(definitions: Definitions, values: ReadonlyMap<string, unknown>, asset: string | AssetDefinition, partitionKey: string | undefined): unknown {
  const def = definitions.get(typeof asset === 'string' ? asset : asset.key); // unknown keys: ASSET_NOT_FOUND with did-you-mean
  const stored = [...values.keys()].filter((k) => k === def.key || k.startsWith(`${def.key}[`));
  if (def.partitions !== undefined && partitionKey === undefined) {
    throw new BatonError('PARTITION_KEY_INVALID', `Asset "${def.key}" is partitioned; say which partition's value to read`, {
      hint: stored.length > 0 ? `materialized: ${stored.slice(0, 5).join(', ')}; e.g. valueOf('${def.key}', '${stored[0]!.slice(def.key.length + 1, -1)}')` : 'pass the partition key as the second argument',
      details: { assetKey: def.key },
    });
  }
  const key = memoryKey(def.key, def.partitions === undefined ? null : partitionKey!);
  if (!values.has(key)) {
    throw new BatonError('ASSET_NOT_FOUND', `No value for ${key}: it was not materialized (not selected, failed or skipped)`, {
      hint: stored.length > 0 ? `values of this asset: ${stored.slice(0, 5).join(', ')}` : 'check result.success and result.failures, and that the selection includes it',
      details: { assetKey: def.key, partitionKey: partitionKey ?? null },
    });
  }
  return values.get(key);
}

function failuresOf(runPlans: readonly RunPlan[], events: readonly BatonEvent[], runs: readonly PlanRunOutcome[]): MemoryFailure[] {
  const byKey = new Map(runPlans.flatMap((r) => r.steps).map((s) => [s.key, s]));
  const failures = events.flatMap((event) => {
    if (event.type !== 'STEP_FAILURE' || event.willRetry) return [];
    const step = byKey.get(event.stepKey);
    const assetKeys = step?.assetKeys ?? [event.stepKey];
    const partitions = event.partitionKeys ?? (step && step.partitionKeys.length > 0 ? step.partitionKeys : [null]);
    return assetKeys.flatMap((assetKey) => partitions.map((partitionKey) => ({ assetKey, partitionKey, error: event.error })));
  });
  // a run that failed without a failed step (e.g. its resources could not be set up) still says why
  if (failures.length > 0) return failures;
  for (const run of runs.filter((r) => r.status === 'failure')) {
    const assetKeys = runPlans.find((r) => r.key === run.runKey)?.assetKeys ?? [];
    for (const assetKey of assetKeys) failures.push({ assetKey, partitionKey: null, error: run.error ?? 'the run failed' });
  }
  return failures;
}
