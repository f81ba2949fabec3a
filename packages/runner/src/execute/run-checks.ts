import { ioContext } from './io-context';
import {
  BatonError,
  evaluateCheck,
  resolveSelection,
  type BatonEvent,
  type BatonStorage,
  type CheckOutcome,
  type Definitions,
  type IOManager,
  type MaterializationRecord,
} from '@baton/core';

export interface RunChecksOptions {
  readonly definitions: Definitions;
  readonly storage: BatonStorage;
  /** IO managers by key, to load the stored values ('default' for assets without one). */
  readonly ioManagers: Readonly<Record<string, IOManager>>;
  /** A selection (text, e.g. `key:"raw/*"`) or explicit asset keys; default: every asset with checks. */
  readonly selection?: string | readonly string[];
  /** Only these partitions (default: every materialized partition of each selected asset). */
  readonly partitions?: readonly string[];
  /** Only these check names. */
  readonly checkNames?: readonly string[];
  /** Epoch ms the checks see as `ctx.now`; default Date.now(). */
  readonly now?: number;
}

export interface RunChecksResult {
  readonly outcomes: readonly CheckOutcome[];
  /** Partitions with checks but no stored materialization (nothing to check). */
  readonly notMaterialized: readonly { readonly assetKey: string; readonly partitionKey: string | null }[];
  /** True when an error-severity check failed. */
  readonly failed: boolean;
}

/**
 * Runs asset checks alone on the stored values: for each selected asset with checks, loads the
 * latest value of each materialized partition through its IO manager, evaluates the checks and
 * appends one CHECK_RESULT event per check and partition (runId null).
 *
 * @example
 * const { outcomes, failed } = await runChecks({ definitions: defs, storage, ioManagers, selection: 'weather/readings' });
 * process.exitCode = failed ? 1 : 0;
 */
export async function runChecks(options: RunChecksOptions): Promise<RunChecksResult> {
  const { definitions: defs, storage } = options;
  const keys =
    options.selection === undefined
      ? defs.assets.map((a) => a.key)
      : typeof options.selection === 'string'
        ? resolveSelection(options.selection, defs)
        : options.selection.map((k) => defs.get(k).key);
  const outcomes: CheckOutcome[] = [];
  const notMaterialized: { assetKey: string; partitionKey: string | null }[] = [];
  const now = options.now ?? Date.now();
  for (const assetKey of keys) {
    const checks = defs.checksOf(assetKey).filter((c) => !options.checkNames || options.checkNames.includes(c.name));
    if (checks.length === 0) continue;
    const def = defs.get(assetKey);
    const ioKey = def.ioManager ?? 'default';
    const io = options.ioManagers[ioKey];
    if (!io) {
      throw new BatonError('INVALID_DEFINITION', `Asset "${assetKey}" uses IO manager "${ioKey}", which runChecks was not given`, {
        hint: `pass ioManagers: { ${ioKey}: … }`,
        details: { assetKey, ioManager: ioKey },
      });
    }
    let records: MaterializationRecord[];
    if (def.partitions) {
      records = await storage.latestMaterializationsByPartition(assetKey, options.partitions);
      for (const pk of options.partitions ?? []) if (!records.some((r) => r.partitionKey === pk)) notMaterialized.push({ assetKey, partitionKey: pk });
    } else {
      records = await storage.latestMaterializations([assetKey]);
      if (records.length === 0) notMaterialized.push({ assetKey, partitionKey: null });
    }
    const events: BatonEvent[] = [];
    for (const m of records) {
      const value = await io.loadInput(ioContext(def, assetKey, m.partitionKey, m.runId, 'checks', m.dataVersion));
      const ctx = { assetKey, partitionKey: m.partitionKey, runId: null, now, materialization: m };
      for (const c of checks) {
        const o = await evaluateCheck(c, ctx, value);
        outcomes.push(o);
        events.push({ type: 'CHECK_RESULT', runId: null, assetKey, partitionKey: o.partitionKey, checkName: o.checkName, passed: o.passed, severity: o.severity, blocking: o.blocking, metadata: o.metadata, timestamp: now });
      }
    }
    if (events.length > 0) await storage.appendEvents(events);
  }
  return { outcomes, notMaterialized, failed: outcomes.some((o) => !o.passed && o.severity === 'error') };
}
