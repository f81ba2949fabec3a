import { BatonError, collectRows, isRowStream, type AssetContext, type AssetDefinition, type IOManager, type StoredOutput } from '@baton/core';
import { executeSqlAsset } from './execute-sql';
import { ioContext } from './io-context';
import type { AssetLookup } from './runner-definitions';
import type { ResourceScope } from './resource-scope';
import type { StepAttemptOutcome, StepHooks, StepInputSpec, StepOutput, StepRequest } from './step-request';
import { partitionDimensions, stepTimeWindow } from './partition-context';
import { runAttemptChecks } from './attempt-checks';
import { outputSchemaReport, validatedStepStream } from './validate-step-output';
import { noValueDataVersion, NULL_CONTENT_HASH, valueHash } from '../io-managers/content-hash';

/**
 * The content data version of a stored value: the IO manager's `contentHash` when it returned one,
 * else a hash of the value's canonical serialisation; a new no-value version when the asset returned
 * nothing (an IO manager may answer a load of it without having stored anything).
 */
function contentVersionOf(value: unknown, stored: void | StoredOutput): string {
  if (value === undefined) return noValueDataVersion();
  return contentHashOf(stored) ?? (value === null ? NULL_CONTENT_HASH : valueHash(value));
}

/** The IO manager's `contentHash`, when it returned one. */
function contentHashOf(stored: void | StoredOutput): string | undefined {
  const hash = stored && typeof stored === 'object' ? stored.contentHash : undefined;
  return typeof hash === 'string' && hash !== '' ? hash : undefined;
}

/** What one attempt needs from its process: definitions, IO managers and the run's resources. */
export interface AttemptEnvironment {
  readonly assets: AssetLookup;
  readonly ioManagers: Readonly<Record<string, IOManager>>;
  readonly resources: ResourceScope;
}

function ioManagerFor(env: AttemptEnvironment, def: AssetDefinition | undefined, assetKey: string): IOManager {
  const key = def?.ioManager ?? 'default';
  const io = env.ioManagers[key];
  if (io) return io;
  throw new BatonError('INVALID_DEFINITION', `Asset "${assetKey}" uses IO manager "${key}", which the runner was not given`, {
    hint: `pass ioManagers: { ${key}: … } (given: ${Object.keys(env.ioManagers).join(', ') || 'none'})`,
    details: { assetKey, ioManager: key },
  });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
}

/** Resolves with `promise`, or rejects as soon as `signal` aborts (the user code may keep running in the background). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Calls an asset function. A synchronous result is taken as it is (no promise to race, no abort
 * listener); a promise is raced against the signal. A synchronous throw rejects like an async one.
 */
function callCompute(compute: () => unknown, signal: AbortSignal): unknown {
  if (signal.aborted) throw abortError(signal);
  const result = compute();
  return isThenable(result) ? raceAbort(Promise.resolve(result), signal) : result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack && !BatonError.is(error) ? `${error.message}\n${error.stack.split('\n').slice(1, 6).join('\n')}` : error.message;
  return String(error);
}

/** Loads one input of an attempt into `inputs[spec.name]`: one value, or a Map by partition key. */
async function loadInputSpec(env: AttemptEnvironment, spec: StepInputSpec, runId: string, stepKey: string, inputs: Record<string, unknown>): Promise<void> {
  const upDef = env.assets.byKey.get(spec.assetKey);
  const io = ioManagerFor(env, upDef, spec.assetKey);
  if (spec.load === 'one' && spec.partitionKeys.length === 1) {
    inputs[spec.name] = await io.loadInput(ioContext(upDef, spec.assetKey, spec.partitionKeys[0]!, runId, stepKey, spec.dataVersions?.[0] ?? undefined));
  } else if (io.loadPartitions && spec.partitionKeys.every((k) => k !== null)) {
    // one query for every partition (a table IO manager); keyed like the per-partition path
    const values = await io.loadPartitions(ioContext(upDef, spec.assetKey, null, runId, stepKey), spec.partitionKeys as string[]);
    inputs[spec.name] = new Map(spec.partitionKeys.map((k) => [k!, values.get(k!)]));
  } else {
    const values = await Promise.all(spec.partitionKeys.map((k, i) => io.loadInput(ioContext(upDef, spec.assetKey, k, runId, stepKey, spec.dataVersions?.[i] ?? undefined))));
    inputs[spec.name] = new Map(spec.partitionKeys.map((k, i) => [k ?? '', values[i]]));
  }
}

/**
 * Runs one attempt of a step in the current process: validates config, sets up resources, loads
 * inputs through IO managers, calls the asset function with its context and stores each output.
 * Never rejects: every failure comes back as an outcome.
 *
 * @example
 * const outcome = await runStepAttempt(env, request, { signal, log: (level, msg) => console.log(level, msg) });
 * if (!outcome.ok) console.error(outcome.error);
 */
export async function runStepAttempt(env: AttemptEnvironment, request: StepRequest, hooks: StepHooks): Promise<StepAttemptOutcome> {
  const { stepKey, runId } = request;
  let defs: AssetDefinition[];
  let config: unknown;
  try {
    defs = request.assetKeys.map((key) => env.assets.get(key, `step ${stepKey}`));
    const primary = defs[0]!;
    if (!primary.compute && !primary.sql) {
      throw new BatonError('INVALID_DEFINITION', `Asset "${primary.key}" is a source asset; it has no function to run`, {
        hint: 'remove it from the selection, or observe it instead',
      });
    }
    const rawConfig = request.config[primary.key];
    try {
      config = primary.configSchema ? primary.configSchema.parse(rawConfig ?? {}) : rawConfig;
    } catch (error) {
      throw new BatonError('CONFIG_INVALID', `Config of asset "${primary.key}" is invalid: ${(error as Error).message}`, {
        hint: 'fix the run config for this asset so it matches its configSchema',
        details: { assetKey: primary.key },
      });
    }
  } catch (error) {
    return { ok: false, error: describe(error), retryable: false };
  }
  const primary = defs[0]!;
  try {
    // resources
    const resourceValues: Record<string, unknown> = {};
    for (const def of defs) {
      for (const [name, definition] of Object.entries(def.resources)) {
        if (!(name in resourceValues)) resourceValues[name] = await env.resources.get(name, definition);
      }
    }
    // inputs
    const inputs: Record<string, unknown> = {};
    if (request.inputs.length === 1) await loadInputSpec(env, request.inputs[0]!, runId, stepKey, inputs);
    else if (request.inputs.length > 1) await Promise.all(request.inputs.map((spec) => loadInputSpec(env, spec, runId, stepKey, inputs)));
    // SQL assets run inside their engine, one partition at a time: no inputs, no function, no rows through Node
    if (primary.sql) {
      const outputs: StepOutput[] = [];
      for (const pk of request.partitionKeys.length === 0 ? [null] : request.partitionKeys) {
        hooks.signal.throwIfAborted();
        const meta = await raceAbort(executeSqlAsset(env.assets, env.ioManagers, primary, pk, runId, stepKey), hooks.signal);
        const checkList = env.assets.checks?.get(primary.key) ?? [];
        const value = checkList.length > 0 ? await ioManagerFor(env, primary, primary.key).loadInput(ioContext(primary, primary.key, pk, runId, stepKey)) : undefined;
        const checks = await runAttemptChecks(checkList, { assetKey: primary.key, partitionKey: pk, runId, stepKey, codeVersion: primary.codeVersion, metadata: meta, dataVersion: undefined }, value);
        outputs.push({ assetKey: primary.key, partitionKey: pk, metadata: meta, reportedDataVersion: undefined, ...(checks.length > 0 ? { checks } : {}) });
      }
      return { ok: true, outputs };
    }
    // context
    const metadata = new Map<string, Record<string, unknown>>();
    let reportedDataVersion: string | undefined;
    const partitionKey = request.partitionKeys.length === 1 ? request.partitionKeys[0] : undefined;
    const ctx: AssetContext = {
      assetKey: primary.key,
      runId,
      partitionKey,
      partitionKeys: request.partitionKeys,
      timeWindow: stepTimeWindow(primary.partitions, request.partitionKeys),
      partitionDimensions: partitionDimensions(primary.partitions, partitionKey),
      config,
      resources: resourceValues,
      // bound, not closures: no function object named at run time per attempt
      log: { debug: hooks.log.bind(hooks, 'debug'), info: hooks.log.bind(hooks, 'info'), warn: hooks.log.bind(hooks, 'warn'), error: hooks.log.bind(hooks, 'error') },
      signal: hooks.signal,
      attempt: request.attempt,
      addMetadata(m) {
        const key = primary.key;
        metadata.set(key, { ...metadata.get(key), ...m });
      },
      reportDataVersion(version) {
        reportedDataVersion = version;
      },
    };
    // compute: one call, also for multi-assets
    const multi = primary.multi;
    const shared = multi && defs.length > 1 ? env.assets.multiCompute.get(multi.id) : undefined;
    let values: Map<string, unknown>;
    if (shared) {
      const record = (await callCompute(() => shared(ctx as never, inputs), hooks.signal)) as Record<string, unknown>;
      values = new Map(defs.map((d) => [d.key, record?.[d.multi!.output]]));
    } else {
      values = new Map();
      for (const def of defs) {
        const value = callCompute(() => def.compute!(ctx as never, inputs), hooks.signal);
        values.set(def.key, isThenable(value) ? await value : value); // a synchronous result waits for no tick
      }
    }
    // outputs: one per asset partition; every value is validated against its output schema before anything is written
    const outputs: StepOutput[] = [];
    const missing: string[] = [];
    const pending: { def: AssetDefinition; pk: string | null; v: unknown }[] = [];
    for (const def of defs) {
      const value = values.get(def.key);
      const targets: (string | null)[] = request.partitionKeys.length === 0 ? [null] : [...request.partitionKeys];
      for (const pk of targets) {
        let v = value;
        if (targets.length > 1 && value instanceof Map) {
          if (!value.has(pk)) {
            if (!missing.includes(pk!)) missing.push(pk!);
            continue;
          }
          v = value.get(pk);
        }
        if (targets.length > 1 && isRowStream(v)) {
          throw new BatonError('INPUT_INVALID', `Asset "${def.key}" returned one row stream for ${targets.length} partitions of step ${stepKey}; a stream can be written once`, {
            hint: 'return a Map of partition key → rows (or → row stream), one per partition',
            details: { assetKey: def.key, partitions: targets.length },
          });
        }
        // a row stream goes as it is only to IO managers that write streams; the others get its rows gathered
        if (isRowStream(v) && !ioManagerFor(env, def, def.key).acceptsRowStreams) v = await collectRows(v);
        pending.push({ def, pk, v });
      }
    }
    const invalid = new Map<string | null, string>();
    for (const p of pending) {
      if (isRowStream(p.v)) continue; // validated row by row while it is written
      const report = outputSchemaReport(p.def, p.pk, p.v);
      if (report && !invalid.has(p.pk)) invalid.set(p.pk, report);
    }
    if (invalid.size > 0 && invalid.size === new Set(pending.map((p) => p.pk)).size && missing.length === 0) {
      return { ok: false, error: [...invalid.values()].join('\n'), retryable: false };
    }
    for (const { def, pk, v } of pending) {
      if (invalid.has(pk)) continue;
      const io = ioManagerFor(env, def, def.key);
      // the reported version, which the materialization records instead of the content hash (the filesystem IO manager's `null` depends on it)
      const context = ioContext(def, def.key, pk, runId, stepKey, reportedDataVersion);
      const streamed = isRowStream(v) ? validatedStepStream(def, pk, v) : undefined;
      let stored: void | StoredOutput;
      try {
        const handled = io.handleOutput(context, streamed ? streamed.rows : v);
        stored = isThenable(handled) ? await handled : handled;
      } catch (error) {
        // an invalid streamed row fails its partition only (the IO manager rolled the write back), as an invalid array does
        if (streamed?.invalid() === undefined) throw error;
        invalid.set(pk, streamed.invalid()!);
        continue;
      }
      const meta = { ...(stored?.metadata ?? {}), ...(metadata.get(primary.key) ?? {}) };
      // a stream cannot be hashed after the fact: its data version is the IO manager's content hash, or none
      const contentDataVersion = reportedDataVersion === undefined ? (streamed ? contentHashOf(stored) : contentVersionOf(v, stored)) : undefined;
      const checkList = env.assets.checks?.get(def.key) ?? [];
      // checks of a streamed output read the stored rows back (the stream is spent)
      const checked = streamed && checkList.length > 0 ? await io.loadInput(context) : v;
      const checks = checkList.length === 0 ? [] : await runAttemptChecks(checkList, { assetKey: def.key, partitionKey: pk, runId, stepKey, codeVersion: def.codeVersion, metadata: meta, dataVersion: reportedDataVersion }, checked);
      outputs.push({ assetKey: def.key, partitionKey: pk, metadata: meta, reportedDataVersion, ...(contentDataVersion !== undefined ? { contentDataVersion } : {}), ...(checks.length > 0 ? { checks } : {}) });
    }
    if (invalid.size > 0 && outputs.length === 0 && missing.length === 0) {
      return { ok: false, error: [...invalid.values()].join('\n'), retryable: false };
    }
    if (invalid.size > 0) {
      const keys = [...invalid.keys()].filter((k): k is string => k !== null);
      const error = [...invalid.values()].join('\n') + (missing.length > 0 ? `\nthe function returned no value for partition(s) ${missing.join(', ')} of step ${stepKey}` : '');
      return { ok: true, outputs, failedPartitions: { keys: [...keys, ...missing], error } };
    }
    if (missing.length > 0) {
      return {
        ok: true,
        outputs,
        failedPartitions: { keys: missing, error: `the function returned no value for partition(s) ${missing.join(', ')} of step ${stepKey}` },
      };
    }
    return { ok: true, outputs };
  } catch (error) {
    return { ok: false, error: describe(error), retryable: !BatonError.is(error, 'CONFIG_INVALID') };
  }
}
