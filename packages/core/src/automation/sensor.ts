import { BatonError } from '../errors/baton-error';
import type { MaterializationRecord } from '../records/materialization-record';
import type { RunRecord } from '../records/run-record';
import type { RunRequest } from './run-request';
import { assertAutomationName } from './schedule';

/** Read-only views of stored state a sensor may use (backed by the tick's snapshot; no storage handle). */
export interface SensorReaders {
  /** The latest materialization of an asset partition (partitionKey omitted: unpartitioned or the newest of any partition). */
  latestMaterialization(assetKey: string, partitionKey?: string): MaterializationRecord | undefined;
  /** Current keys of a dynamic partitions definition. */
  dynamicPartitions(name: string): readonly string[];
}

export interface SensorContext extends SensorReaders {
  /** The cursor the previous evaluation returned (null at first). */
  readonly cursor: string | null;
  /** Epoch ms of this evaluation. */
  readonly now: number;
  /** Epoch ms of the previous evaluation, null at first. */
  readonly lastEvaluatedAt: number | null;
}

/** What a sensor evaluation returns; every field optional. */
export interface SensorResult {
  readonly runRequests?: readonly RunRequest[];
  /** The new cursor, persisted and passed back next time (undefined keeps the old one). */
  readonly cursor?: string | null;
  /** Dynamic partition keys to add and delete, by dynamic partitions definition name. */
  readonly dynamicPartitions?: {
    readonly add?: Readonly<Record<string, readonly string[]>>;
    readonly delete?: Readonly<Record<string, readonly string[]>>;
  };
  /** Why nothing was requested, shown in the tick history. */
  readonly skipReason?: string;
}

interface SensorCommon {
  readonly kind: 'SensorDefinition';
  readonly name: string;
  readonly intervalSeconds: number;
  readonly description: string | undefined;
}

/** A polled sensor with a user function. */
export interface CustomSensorDefinition extends SensorCommon {
  readonly type: 'custom';
  readonly evaluate: (ctx: SensorContext) => SensorResult | void | Promise<SensorResult | void>;
}

/** Fires on new materializations of `assets` (cursor: the last seen materialization id per asset). */
export interface AssetSensorDefinition extends SensorCommon {
  readonly type: 'asset';
  readonly assets: readonly string[];
  /** Requested for each new materialization when there is no handler (with the materialization's partition). */
  readonly target: string | undefined;
  readonly handler:
    | ((ctx: { readonly now: number; readonly materializations: readonly MaterializationRecord[] } & SensorReaders) => SensorResult | void | Promise<SensorResult | void>)
    | undefined;
}

/** Calls `handler` for each run that ended with `status` (e.g. to notify on failure). */
export interface RunStatusSensorDefinition extends SensorCommon {
  readonly type: 'run-status';
  readonly status: 'failure' | 'success';
  readonly handler: (ctx: { readonly run: RunRecord; readonly now: number }) => SensorResult | void | Promise<SensorResult | void>;
}

export type SensorDefinition = CustomSensorDefinition | AssetSensorDefinition | RunStatusSensorDefinition;

function common(options: { name: string; intervalSeconds?: number; description?: string }, what: string) {
  const name = assertAutomationName(options?.name, what);
  const intervalSeconds = options.intervalSeconds ?? 30;
  if (!Number.isFinite(intervalSeconds) || intervalSeconds <= 0) {
    throw new BatonError('INVALID_DEFINITION', `${what} "${name}": intervalSeconds must be a positive number, got ${intervalSeconds}`, { hint: 'e.g. intervalSeconds: 60', details: { name } });
  }
  return { kind: 'SensorDefinition' as const, name, intervalSeconds, description: options.description };
}

function needFunction(fn: unknown, what: string, name: string, field: string): void {
  if (typeof fn !== 'function') {
    throw new BatonError('INVALID_DEFINITION', `${what} "${name}" needs a ${field} function`, { hint: `e.g. ${field}: (ctx) => ({ runRequests: [] })`, details: { name } });
  }
}

/**
 * A sensor: `evaluate` is polled every `intervalSeconds` with the cursor it returned last time, and may
 * request runs and add or delete dynamic partitions.
 *
 * @example
 * const newFiles = sensor({
 *   name: 'new_files', intervalSeconds: 60,
 *   evaluate: async ({ cursor }) => {
 *     const files = await listFilesAfter(cursor);
 *     return { runRequests: files.map((f) => ({ target: 'raw/files', partitionKeys: [f] })), cursor: files.at(-1) ?? cursor, dynamicPartitions: { add: { files } } };
 *   },
 * });
 */
export function sensor(options: {
  readonly name: string;
  readonly intervalSeconds?: number;
  readonly description?: string;
  readonly evaluate: CustomSensorDefinition['evaluate'];
}): CustomSensorDefinition {
  const base = common(options, 'sensor');
  needFunction(options.evaluate, 'sensor', base.name, 'evaluate');
  return Object.freeze({ ...base, type: 'custom', evaluate: options.evaluate });
}

/**
 * An asset sensor: fires when any of `assets` gets a new materialization; requests `target` for the
 * materialized partition, or calls `handler` with the new materializations.
 *
 * @example
 * assetSensor({ name: 'orders_landed', assets: ['raw/orders'], target: 'clean/orders' });
 */
export function assetSensor(options: {
  readonly name: string;
  readonly assets: readonly string[];
  readonly target?: string;
  readonly handler?: AssetSensorDefinition['handler'];
  readonly intervalSeconds?: number;
  readonly description?: string;
}): AssetSensorDefinition {
  const base = common(options, 'assetSensor');
  if (!Array.isArray(options.assets) || options.assets.length === 0) {
    throw new BatonError('INVALID_DEFINITION', `assetSensor "${base.name}" watches no assets`, { hint: 'e.g. assets: ["raw/orders"]', details: { name: base.name } });
  }
  if (options.target === undefined && options.handler === undefined) {
    throw new BatonError('INVALID_DEFINITION', `assetSensor "${base.name}" has neither target nor handler`, { hint: 'pass target: "clean/orders" to request it, or handler: (ctx) => ({ runRequests })', details: { name: base.name } });
  }
  if (options.handler !== undefined) needFunction(options.handler, 'assetSensor', base.name, 'handler');
  return Object.freeze({ ...base, type: 'asset', assets: Object.freeze([...options.assets]), target: options.target, handler: options.handler });
}

/**
 * A run-status sensor: calls `handler` once for every run that ends with `status`.
 *
 * @example
 * runStatusSensor({ name: 'alert_on_failure', status: 'failure', handler: ({ run }) => notify(`run ${run.id} failed: ${run.error}`) });
 */
export function runStatusSensor(options: {
  readonly name: string;
  readonly status: 'failure' | 'success';
  readonly handler: RunStatusSensorDefinition['handler'];
  readonly intervalSeconds?: number;
  readonly description?: string;
}): RunStatusSensorDefinition {
  const base = common(options, 'runStatusSensor');
  if (options.status !== 'failure' && options.status !== 'success') {
    throw new BatonError('INVALID_DEFINITION', `runStatusSensor "${base.name}": status ${JSON.stringify(options.status)} is invalid`, { hint: 'use "failure" or "success"', details: { name: base.name } });
  }
  needFunction(options.handler, 'runStatusSensor', base.name, 'handler');
  return Object.freeze({ ...base, type: 'run-status', status: options.status, handler: options.handler });
}
