import { BatonError, collectRows, isRowStream, type AssetContext, type AssetDefinition, type IOManager, type StoredOutput } from '@baton/core';
import { executeSqlAsset } from './execute-sql';
import { ioContext } from './io-context';
import { stepDefinitions, type AssetLookup } from './runner-definitions';
import type { ResourceScope } from './resource-scope';
import type { StepAttemptOutcome, StepHooks, StepInputSpec, StepOutput, StepRequest } from './step-request';
import { partitionDimensions, stepTimeWindow } from './partition-context';
import { runAttemptChecks } from './attempt-checks';
import { outputSchemaReport, validatedStepStream } from './validate-step-output';
import { noValueDataVersion, NULL_CONTENT_HASH, valueHash } from '../io-managers/content-hash';
import { AttemptSignal, withAttemptSignal } from './attempt-signal';

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
  if (signal.aborted) {
    // its outcome is ignored, as one arriving after an abort below (a function that aborted its own run while running rejects it)
    promise.catch(() => {});
    return Promise.reject(abortError(signal));
  }
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
 * Calls an asset function (`compute.call(self, ctx, inputs)`, no closure per call). A synchronous
 * result is taken as it is (no promise to race, no abort listener); a promise is raced against the
 * signal.
 */
function callCompute(compute: (ctx: never, inputs: Record<string, unknown>) => unknown, self: unknown, ctx: AssetContext, inputs: Record<string, unknown>, signal: AbortSignal): unknown {
  if (signal.aborted) throw abortError(signal);
  const result = compute.call(self, ctx as never, inputs);
  return isThenable(result) ? raceAbort(Promise.resolve(result), signal) : result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack && !BatonError.is(error) ? `${error.message}\n${error.stack.split('\n').slice(1, 6).join('\n')}` : error.message;
  return String(error);
}

/**
 * Loads one input of an attempt into `inputs[spec.name]`: one value, or a Map by partition key.
 * An IO manager answering one value synchronously is taken at once (undefined returned: nothing to wait for).
 */
function loadInputSpec(env: AttemptEnvironment, spec: StepInputSpec, runId: string, stepKey: string, inputs: Record<string, unknown>): Promise<void> | undefined {
  const upDef = env.assets.byKey.get(spec.assetKey);
  const io = ioManagerFor(env, upDef, spec.assetKey);
  if (spec.load === 'one' && spec.partitionKeys.length === 1) {
    const value = io.loadInput(ioContext(upDef, spec.assetKey, spec.partitionKeys[0]!, runId, stepKey, spec.dataVersions?.[0] ?? undefined));
    if (!isThenable(value)) {
      inputs[spec.name] = value;
      return undefined;
    }
    return Promise.resolve(value).then((v) => {
      inputs[spec.name] = v;
    });
  }
  return loadManyInputSpec(io, upDef, spec, runId, stepKey, inputs);
}

/** `loadInputSpec` of several partitions (or `load: 'many'`): a Map by partition key. */
async function loadManyInputSpec(io: IOManager, upDef: AssetDefinition | undefined, spec: StepInputSpec, runId: string, stepKey: string, inputs: Record<string, unknown>): Promise<void> {
  if (io.loadPartitions && spec.partitionKeys.every((k) => k !== null)) {
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
    defs = stepDefinitions(env.assets, request.assetKeys, stepKey);
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
  const lazySignal = new AttemptSignal(hooks.signal);
  try {
    // resources
    const resourceValues: Record<string, unknown> = {};
    for (let d = 0; d < defs.length; d++) {
      const def = defs[d]!;
      for (const name in def.resources) {
        if (Object.hasOwn(def.resources, name) && !(name in resourceValues)) resourceValues[name] = await env.resources.get(name, def.resources[name]!);
      }
    }
    // inputs: loads answered synchronously are not waited for
    const inputs: Record<string, unknown> = {};
    const loading = loadInputs(env, request, inputs);
    if (loading) await loading;
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
    /** What the function added with `ctx.addMetadata` (recorded on every output of the step). */
    let added: Record<string, unknown> | undefined;
    let reportedDataVersion: string | undefined;
    const partitionKey = request.partitionKeys.length === 1 ? request.partitionKeys[0] : undefined;
    const ctx: AssetContext = withAttemptSignal(
      {
        assetKey: primary.key,
        runId,
        partitionKey,
        partitionKeys: request.partitionKeys,
        timeWindow: stepTimeWindow(primary.partitions, request.partitionKeys),
        partitionDimensions: partitionDimensions(primary.partitions, partitionKey),
        config,
        resources: resourceValues,
        // methods, not arrows or bound functions: no function named at run time per attempt (they use no `this`)
        log: {
          debug(message: string, fields?: Record<string, unknown>) {
            hooks.log('debug', message, fields);
          },
          info(message: string, fields?: Record<string, unknown>) {
            hooks.log('info', message, fields);
          },
          warn(message: string, fields?: Record<string, unknown>) {
            hooks.log('warn', message, fields);
          },
          error(message: string, fields?: Record<string, unknown>) {
            hooks.log('error', message, fields);
          },
        },
        attempt: request.attempt,
        addMetadata(m: Record<string, unknown>) {
          added = { ...added, ...m };
        },
        reportDataVersion(version: string) {
          reportedDataVersion = version;
        },
      },
      lazySignal,
    );
    // compute: one call, also for multi-assets; values by position in `defs`
    const multi = primary.multi;
    const shared = multi && defs.length > 1 ? env.assets.multiCompute.get(multi.id) : undefined;
    const values: unknown[] = [];
    if (shared) {
      const record = (await callCompute(shared, undefined, ctx, inputs, hooks.signal)) as Record<string, unknown>;
      for (const d of defs) values.push(record?.[d.multi!.output]);
    } else {
      for (let d = 0; d < defs.length; d++) {
        const def = defs[d]!;
        const value = callCompute(def.compute!, def, ctx, inputs, hooks.signal);
        values.push(isThenable(value) ? await value : value); // a synchronous result waits for no tick
      }
    }
    // outputs: one per asset partition; every value is validated against its output schema before anything is written
    const outputs: StepOutput[] = [];
    const missing: string[] = [];
    const pending: { def: AssetDefinition; pk: string | null; v: unknown }[] = [];
    const targets: readonly (string | null)[] = request.partitionKeys.length === 0 ? UNPARTITIONED : request.partitionKeys;
    for (let d = 0; d < defs.length; d++) {
      const def = defs[d]!;
      const value = values[d];
      for (let t = 0; t < targets.length; t++) {
        const pk = targets[t] as string | null;
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
    /** Reports of invalid values by partition (made at the first one). */
    let invalid: Map<string | null, string> | undefined;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
      if (isRowStream(p.v)) continue; // validated row by row while it is written
      const report = outputSchemaReport(p.def, p.pk, p.v);
      if (report && !invalid?.has(p.pk)) (invalid ??= new Map()).set(p.pk, report);
    }
    if (invalid !== undefined && invalid.size === new Set(pending.map((p) => p.pk)).size && missing.length === 0) {
      return { ok: false, error: [...invalid.values()].join('\n'), retryable: false };
    }
    for (let i = 0; i < pending.length; i++) {
      const { def, pk, v } = pending[i]!;
      if (invalid?.has(pk)) continue;
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
        (invalid ??= new Map()).set(pk, streamed.invalid()!);
        continue;
      }
      const storedMeta = stored ? stored.metadata : undefined;
      const meta = storedMeta === undefined && added === undefined ? {} : { ...storedMeta, ...added };
      // a stream cannot be hashed after the fact: its data version is the IO manager's content hash, or none
      const contentDataVersion = reportedDataVersion === undefined ? (streamed ? contentHashOf(stored) : contentVersionOf(v, stored)) : undefined;
      const output: Mutable<StepOutput> = { assetKey: def.key, partitionKey: pk, metadata: meta, reportedDataVersion };
      if (contentDataVersion !== undefined) output.contentDataVersion = contentDataVersion;
      const checkList = env.assets.checks?.get(def.key);
      if (checkList !== undefined && checkList.length > 0) {
        // checks of a streamed output read the stored rows back (the stream is spent)
        const checked = streamed ? await io.loadInput(context) : v;
        const checks = await runAttemptChecks(checkList, { assetKey: def.key, partitionKey: pk, runId, stepKey, codeVersion: def.codeVersion, metadata: meta, dataVersion: reportedDataVersion }, checked);
        if (checks.length > 0) output.checks = checks;
      }
      outputs.push(output);
    }
    if (invalid !== undefined && outputs.length === 0 && missing.length === 0) {
      return { ok: false, error: [...invalid.values()].join('\n'), retryable: false };
    }
    if (invalid !== undefined) {
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
  } finally {
    lazySignal.release();
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The partition targets of an unpartitioned step. */
const UNPARTITIONED: readonly (string | null)[] = [null];

/**
 * Starts every input's load into `inputs`; a promise when some load answered asynchronously (a load
 * throwing at once rejects it, after the others were started, as when every load was async).
 */
function loadInputs(env: AttemptEnvironment, request: StepRequest, inputs: Record<string, unknown>): Promise<unknown> | undefined {
  let waits: Promise<unknown>[] | undefined;
  const specs = request.inputs;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    let wait: Promise<void> | undefined;
    try {
      wait = loadInputSpec(env, spec, request.runId, request.stepKey, inputs);
    } catch (error) {
      wait = Promise.reject(error);
    }
    if (wait) (waits ??= []).push(wait);
  }
  if (waits === undefined) return undefined;
  return waits.length === 1 ? waits[0] : Promise.all(waits);
}
