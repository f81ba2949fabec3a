import { BatonError, collectRows, isRowStream, type AssetDefinition, type CheckDefinition, type IOContext, type IOManager, type RowStream, type StoredOutput } from '@baton/core';
import { noValueDataVersion, NULL_CONTENT_HASH, valueHash } from '../io-managers/content-hash';
import { runAttemptChecks } from './attempt-checks';
import { ioManagerFor, type AttemptEnvironment } from './attempt-environment';
import { ioContext } from './io-context';
import { isThenable } from './is-thenable';
import type { StepAttemptOutcome, StepOutput, StepRequest } from './step-request';
import { outputSchemaReport, validatedStepStream, type ValidatedStepStream } from './validate-step-output';

/** What an asset function told its context during the attempt (`ctx.addMetadata`, `ctx.reportDataVersion`). */
export interface AttemptReports {
  /** Recorded on every output of the step. */
  readonly added: Record<string, unknown> | undefined;
  readonly reportedDataVersion: string | undefined;
}

/**
 * Stores an attempt's values (`values[d]` the value of `defs[d]`), one output per asset partition:
 * every value is validated against its output schema before anything is written, then written
 * through its IO manager (a row stream validated row by row as it is written) and checked. The
 * outcome lists the outputs stored, or the partitions that failed.
 *
 * Answers synchronously when every IO manager did (and the asset has no checks, and no row stream's
 * rows had to be gathered): a no-op step's attempt then takes no promise. Rejects (or throws) only
 * with an error that fails the whole attempt.
 *
 * @example
 * const outcome = storeAttemptOutputs(env, request, defs, [value], { added: undefined, reportedDataVersion: undefined });
 */
export function storeAttemptOutputs(env: AttemptEnvironment, request: StepRequest, defs: readonly AssetDefinition[], values: readonly unknown[], reports: AttemptReports): StepAttemptOutcome | Promise<StepAttemptOutcome> {
  return new AttemptOutputs(env, request, defs, values, reports).gather(0, 0);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One asset partition's value to store. */
interface Pending {
  readonly def: AssetDefinition;
  readonly pk: string | null;
  readonly v: unknown;
}

const NOTHING_PENDING: Pending[] = [];

/** The partition targets of an unpartitioned step. */
const UNPARTITIONED: readonly (string | null)[] = [null];

/**
 * The outputs of one attempt on their way to storage. Each phase goes on at once when the previous
 * one answered synchronously, and through a promise from where something had to be waited for
 * (the loops take the position they resume at).
 */
class AttemptOutputs {
  /** The outputs stored, in order (an array of one for most steps, as `pending`). */
  outputs: StepOutput[] = [];
  readonly missing: string[] = [];
  /** The values to store; one value (most steps) an array of one, not a grown one. */
  pending: Pending[] = NOTHING_PENDING;
  /** Reports of invalid values by partition (made at the first one). */
  invalid: Map<string | null, string> | undefined = undefined;
  readonly targets: readonly (string | null)[];

  constructor(
    readonly env: AttemptEnvironment,
    readonly request: StepRequest,
    readonly defs: readonly AssetDefinition[],
    readonly values: readonly unknown[],
    readonly reports: AttemptReports,
  ) {
    this.targets = request.partitionKeys.length === 0 ? UNPARTITIONED : request.partitionKeys;
  }

  /** The values to store, one per asset partition, from `defs[d0]`'s `targets[t0]` on. */
  gather(d0: number, t0: number): StepAttemptOutcome | Promise<StepAttemptOutcome> {
    const { defs, values, targets } = this;
    for (let d = d0; d < defs.length; d++) {
      const def = defs[d]!;
      const value = values[d];
      for (let t = d === d0 ? t0 : 0; t < targets.length; t++) {
        const pk = targets[t] as string | null;
        let v = value;
        if (targets.length > 1 && value instanceof Map) {
          if (!value.has(pk)) {
            if (!this.missing.includes(pk!)) this.missing.push(pk!);
            continue;
          }
          v = value.get(pk);
        }
        if (targets.length > 1 && isRowStream(v)) {
          throw new BatonError('INPUT_INVALID', `Asset "${def.key}" returned one row stream for ${targets.length} partitions of step ${this.request.stepKey}; a stream can be written once`, {
            hint: 'return a Map of partition key → rows (or → row stream), one per partition',
            details: { assetKey: def.key, partitions: targets.length },
          });
        }
        // a row stream goes as it is only to IO managers that write streams; the others get its rows gathered
        if (isRowStream(v) && !ioManagerFor(this.env, def, def.key).acceptsRowStreams) return this.gatherRows(d, t, v);
        this.add({ def, pk, v });
      }
    }
    return this.validate();
  }

  /** `gather` once the rows of the stream of `defs[d]`'s `targets[t]` are gathered. (Closures live in methods of their own: see `endedLater`.) */
  gatherRows(d: number, t: number, stream: RowStream<unknown>): Promise<StepAttemptOutcome> {
    return collectRows(stream).then((rows) => {
      this.add({ def: this.defs[d]!, pk: this.targets[t] as string | null, v: rows });
      return this.gather(d, t + 1);
    });
  }

  addOutput(output: StepOutput): void {
    if (this.outputs.length === 0) this.outputs = [output];
    else this.outputs.push(output);
  }

  add(p: Pending): void {
    if (this.pending === NOTHING_PENDING) this.pending = [p];
    else this.pending.push(p);
  }

  /** Validates every value before anything is written; fails the attempt when no partition is valid. */
  validate(): StepAttemptOutcome | Promise<StepAttemptOutcome> {
    const pending = this.pending;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
      if (isRowStream(p.v)) continue; // validated row by row while it is written
      const report = outputSchemaReport(p.def, p.pk, p.v);
      if (report && !this.invalid?.has(p.pk)) (this.invalid ??= new Map()).set(p.pk, report);
    }
    const invalid = this.invalid;
    if (invalid !== undefined && invalid.size === new Set(pending.map((p) => p.pk)).size && this.missing.length === 0) {
      return { ok: false, error: [...invalid.values()].join('\n'), retryable: false };
    }
    return this.store(0);
  }

  /** Writes the valid values from `pending[i0]` on. */
  store(i0: number): StepAttemptOutcome | Promise<StepAttemptOutcome> {
    const { pending, reports } = this;
    for (let i = i0; i < pending.length; i++) {
      const p = pending[i]!;
      if (this.invalid?.has(p.pk)) continue;
      const def = p.def;
      const io = ioManagerFor(this.env, def, def.key);
      // the reported version, which the materialization records instead of the content hash (the filesystem IO manager's `null` depends on it)
      const context = ioContext(def, def.key, p.pk, this.request.runId, this.request.stepKey, reports.reportedDataVersion);
      const streamed = isRowStream(p.v) ? validatedStepStream(def, p.pk, p.v) : undefined;
      let handled: void | StoredOutput | PromiseLike<void | StoredOutput>;
      try {
        handled = io.handleOutput(context, streamed ? streamed.rows : p.v);
      } catch (error) {
        this.writeFailed(p, streamed, error);
        continue;
      }
      if (isThenable(handled)) return this.storeAfter(i, io, context, streamed, handled);
      const checking = this.stored(p, io, context, streamed, handled);
      if (checking !== undefined) return this.storeFrom(i + 1, checking);
    }
    return this.outcome();
  }

  /** `store` on from `pending[i]` once its IO manager answered. */
  storeAfter(i: number, io: IOManager, context: IOContext, streamed: ValidatedStepStream | undefined, handled: PromiseLike<void | StoredOutput>): Promise<StepAttemptOutcome> {
    const p = this.pending[i]!;
    return this.storeFrom(
      i + 1,
      Promise.resolve(handled).then(
        (stored) => this.stored(p, io, context, streamed, stored),
        (error: unknown) => this.writeFailed(p, streamed, error),
      ),
    );
  }

  /** `store` from `pending[i]` once `previous` is done. */
  storeFrom(i: number, previous: Promise<void>): Promise<StepAttemptOutcome> {
    return previous.then(() => this.store(i));
  }

  /** A write that failed: an invalid streamed row fails its partition only (the IO manager rolled the write back), as an invalid array does; anything else fails the attempt. */
  writeFailed(p: Pending, streamed: ValidatedStepStream | undefined, error: unknown): void {
    if (streamed?.invalid() === undefined) throw error;
    (this.invalid ??= new Map()).set(p.pk, streamed.invalid()!);
  }

  /** Records one written partition; a promise while its checks run. */
  stored(p: Pending, io: IOManager, context: IOContext, streamed: ValidatedStepStream | undefined, stored: void | StoredOutput): Promise<void> | undefined {
    const { def, pk, v } = p;
    const { added, reportedDataVersion } = this.reports;
    const storedMeta = stored ? stored.metadata : undefined;
    const meta = storedMeta === undefined && added === undefined ? {} : { ...storedMeta, ...added };
    // a stream cannot be hashed after the fact: its data version is the IO manager's content hash, or none
    const contentDataVersion = reportedDataVersion === undefined ? (streamed ? contentHashOf(stored) : contentVersionOf(v, stored)) : undefined;
    const output: Mutable<StepOutput> = { assetKey: def.key, partitionKey: pk, metadata: meta, reportedDataVersion };
    if (contentDataVersion !== undefined) output.contentDataVersion = contentDataVersion;
    const checkList = this.env.assets.checks?.get(def.key);
    if (checkList === undefined || checkList.length === 0) {
      this.addOutput(output);
      return undefined;
    }
    return this.check(p, io, context, streamed, checkList, output);
  }

  /** Runs the checks of one written partition, then records it. */
  async check(p: Pending, io: IOManager, context: IOContext, streamed: ValidatedStepStream | undefined, checkList: readonly CheckDefinition[], output: Mutable<StepOutput>): Promise<void> {
    // checks of a streamed output read the stored rows back (the stream is spent)
    const checked = streamed ? await io.loadInput(context) : p.v;
    const { runId, stepKey } = this.request;
    const checks = await runAttemptChecks(checkList, { assetKey: p.def.key, partitionKey: p.pk, runId, stepKey, codeVersion: p.def.codeVersion, metadata: output.metadata, dataVersion: output.reportedDataVersion }, checked);
    if (checks.length > 0) output.checks = checks;
    this.addOutput(output);
  }

  /** The attempt's outcome once every valid value was written. */
  outcome(): StepAttemptOutcome {
    const { outputs, missing, invalid } = this;
    const stepKey = this.request.stepKey;
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
  }
}

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
