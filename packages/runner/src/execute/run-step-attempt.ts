import { BatonError, type AssetContext, type AssetDefinition } from '@baton/core';
import { runAttemptChecks } from './attempt-checks';
import { ioManagerFor, type AttemptEnvironment } from './attempt-environment';
import { loadInputs } from './attempt-inputs';
import { AttemptSignal, withAttemptSignal } from './attempt-signal';
import { callCompute, raceAbort } from './call-compute';
import { executeSqlAsset } from './execute-sql';
import { ioContext } from './io-context';
import { isThenable } from './is-thenable';
import { partitionDimensions, stepTimeWindow } from './partition-context';
import { stepDefinitions } from './runner-definitions';
import type { StepAttemptOutcome, StepHooks, StepOutput, StepRequest } from './step-request';
import { storeAttemptOutputs, type AttemptReports } from './store-attempt-outputs';

export type { AttemptEnvironment } from './attempt-environment';

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack && !BatonError.is(error) ? `${error.message}\n${error.stack.split('\n').slice(1, 6).join('\n')}` : error.message;
  return String(error);
}

/** An attempt that failed with `error` after it started (invalid config is not worth retrying). */
function attemptFailure(error: unknown): StepAttemptOutcome {
  return { ok: false, error: describe(error), retryable: !BatonError.is(error, 'CONFIG_INVALID') };
}

/**
 * Runs one attempt of a step in the current process: validates config, sets up resources, loads
 * inputs through IO managers, calls the asset function with its context and stores each output.
 * Never rejects: every failure comes back as an outcome.
 *
 * The outcome comes back synchronously when nothing in the attempt had to be waited for (no
 * resources, inputs and outputs answered at once by their IO managers, a function that returned a
 * value, no checks): a no-op step then takes no promise and no async frame. Otherwise a promise,
 * from the first thing waited for on; what happens, and in what order, is the same either way.
 *
 * @example
 * const outcome = await runStepAttempt(env, request, { signal, log: (level, msg) => console.log(level, msg) });
 * if (!outcome.ok) console.error(outcome.error);
 */
export function runStepAttempt(env: AttemptEnvironment, request: StepRequest, hooks: StepHooks): StepAttemptOutcome | Promise<StepAttemptOutcome> {
  let defs: AssetDefinition[];
  let config: unknown;
  try {
    defs = stepDefinitions(env.assets, request.assetKeys, request.stepKey);
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
  const attempt = new StepAttempt(env, request, hooks, defs, config);
  let outcome: StepAttemptOutcome | Promise<StepAttemptOutcome>;
  try {
    outcome = attempt.start();
  } catch (error) {
    attempt.lazySignal.release();
    return attemptFailure(error);
  }
  if (!isThenable(outcome)) {
    attempt.lazySignal.release();
    return outcome;
  }
  return endedLater(attempt, outcome);
}

/**
 * The outcome of an attempt that had to wait for something, once it ended. (Closures live in
 * functions of their own, off the synchronous path: a function creating one allocates its
 * variables' context on every call, even when the closure is never made.)
 */
function endedLater(attempt: StepAttempt, outcome: Promise<StepAttemptOutcome>): Promise<StepAttemptOutcome> {
  return outcome.then(
    (ended) => {
      attempt.lazySignal.release();
      return ended;
    },
    (error: unknown) => {
      attempt.lazySignal.release();
      return attemptFailure(error);
    },
  );
}

/**
 * One attempt from its resources to its outputs. Each phase goes on at once when the previous one
 * answered synchronously; a phase that returns a promise continues the rest through it. Throws (or
 * rejects) with what fails the attempt.
 */
class StepAttempt implements AttemptReports {
  readonly lazySignal: AttemptSignal;
  readonly inputs: Record<string, unknown> = {};
  resources: Record<string, unknown> = {};
  /** What the function added with `ctx.addMetadata` (recorded on every output of the step). */
  added: Record<string, unknown> | undefined = undefined;
  reportedDataVersion: string | undefined = undefined;

  constructor(
    readonly env: AttemptEnvironment,
    readonly request: StepRequest,
    readonly hooks: StepHooks,
    readonly defs: readonly AssetDefinition[],
    readonly config: unknown,
  ) {
    this.lazySignal = new AttemptSignal(hooks.signal);
  }

  start(): StepAttemptOutcome | Promise<StepAttemptOutcome> {
    const defs = this.defs;
    for (let d = 0; d < defs.length; d++) {
      for (const name in defs[d]!.resources) {
        if (Object.hasOwn(defs[d]!.resources, name)) return this.loadAfter(this.setUpResources());
      }
    }
    return this.load();
  }

  /** The resources of the step's assets, one at a time in declaration order. */
  async setUpResources(): Promise<void> {
    const values = this.resources;
    for (const def of this.defs) {
      for (const name in def.resources) {
        if (Object.hasOwn(def.resources, name) && !(name in values)) values[name] = await this.env.resources.get(name, def.resources[name]!);
      }
    }
  }

  loadAfter(resources: Promise<void>): Promise<StepAttemptOutcome> {
    return resources.then(() => this.load());
  }

  /** Inputs: loads answered synchronously are not waited for. */
  load(): StepAttemptOutcome | Promise<StepAttemptOutcome> {
    const loading = loadInputs(this.env, this.request, this.inputs);
    return loading ? this.computeAfter(loading) : this.compute();
  }

  computeAfter(loading: Promise<unknown>): Promise<StepAttemptOutcome> {
    return loading.then(() => this.compute());
  }

  /** Calls the function (one call, also for multi-assets), then stores its values by position in `defs`. */
  compute(): StepAttemptOutcome | Promise<StepAttemptOutcome> {
    const { env, defs, request } = this;
    const primary = defs[0]!;
    // SQL assets run inside their engine, one partition at a time: no inputs, no function, no rows through Node
    if (primary.sql) return this.runSql(primary);
    const ctx = this.context(primary);
    const signal = this.hooks.signal;
    const multi = primary.multi;
    const shared = multi && defs.length > 1 ? env.assets.multiCompute.get(multi.id) : undefined;
    if (shared) {
      const record = callCompute(shared, undefined, ctx, this.inputs, signal);
      return isThenable(record) ? this.storeRecordAfter(record) : this.storeRecord(record);
    }
    if (defs.length === 1) {
      const value = callCompute(primary.compute!, primary, ctx, this.inputs, signal);
      // a synchronous result waits for no tick
      return isThenable(value) ? this.storeAfter(value) : storeAttemptOutputs(env, request, defs, [value], this);
    }
    return this.computeEach(ctx, 0, []);
  }

  storeAfter(value: PromiseLike<unknown>): Promise<StepAttemptOutcome> {
    return Promise.resolve(value).then((v) => storeAttemptOutputs(this.env, this.request, this.defs, [v], this));
  }

  storeRecordAfter(record: PromiseLike<unknown>): Promise<StepAttemptOutcome> {
    return Promise.resolve(record).then((r) => this.storeRecord(r));
  }

  /** One call per asset of the step, from `defs[d0]` on, each after the previous one's value. */
  computeEach(ctx: AssetContext, d0: number, values: unknown[]): StepAttemptOutcome | Promise<StepAttemptOutcome> {
    const defs = this.defs;
    for (let d = d0; d < defs.length; d++) {
      const def = defs[d]!;
      const value = callCompute(def.compute!, def, ctx, this.inputs, this.hooks.signal);
      if (isThenable(value)) return this.computeEachAfter(ctx, d, values, value);
      values.push(value);
    }
    return storeAttemptOutputs(this.env, this.request, defs, values, this);
  }

  computeEachAfter(ctx: AssetContext, d: number, values: unknown[], value: PromiseLike<unknown>): Promise<StepAttemptOutcome> {
    return Promise.resolve(value).then((v) => {
      values.push(v);
      return this.computeEach(ctx, d + 1, values);
    });
  }

  /** A multi-asset's shared call returned `{ [output]: value }`. */
  storeRecord(record: unknown): StepAttemptOutcome | Promise<StepAttemptOutcome> {
    const values: unknown[] = [];
    for (const d of this.defs) values.push((record as Record<string, unknown> | undefined)?.[d.multi!.output]);
    return storeAttemptOutputs(this.env, this.request, this.defs, values, this);
  }

  /** The function's context. */
  context(primary: AssetDefinition): AssetContext {
    const { request, hooks } = this;
    const attempt = this; // the context's methods record into this attempt
    const partitionKey = request.partitionKeys.length === 1 ? request.partitionKeys[0] : undefined;
    return withAttemptSignal(
      {
        assetKey: primary.key,
        runId: request.runId,
        partitionKey,
        partitionKeys: request.partitionKeys,
        timeWindow: stepTimeWindow(primary.partitions, request.partitionKeys),
        partitionDimensions: partitionDimensions(primary.partitions, partitionKey),
        config: this.config,
        resources: this.resources,
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
          attempt.added = { ...attempt.added, ...m };
        },
        reportDataVersion(version: string) {
          attempt.reportedDataVersion = version;
        },
      },
      this.lazySignal,
    );
  }

  /** A SQL asset, one partition at a time; its checks read the table it wrote. */
  async runSql(primary: AssetDefinition): Promise<StepAttemptOutcome> {
    const { env, request, hooks } = this;
    const { runId, stepKey } = request;
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
}
