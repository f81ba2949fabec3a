import type { BatonEvent, BatonStorage, NewRun } from '@baton/core';

/**
 * Buffers events and appends them in batches: everything pushed within one tick (or `delayMs`) goes
 * to storage in one `appendEvents` call. `flush()` resolves once every event pushed before it is stored; concurrent
 * flushes share work. `onEvent` sees each event as it is pushed (the run's reducer); `onStored` sees
 * each stored batch with the seqs storage gave its events.
 *
 * With a delay, one timer serves many flushes: an explicit flush leaves it armed, and when it fires
 * it writes only what has waited the full delay, otherwise it waits the rest (so a fast step's
 * STEP_STARTED goes with its closing events, and a run of fast steps sets no timer per step).
 * `flushGathered()` lets the current event-loop turn end first, so steps ending together share an append.
 *
 * @example
 * const sink = new EventSink(storage, (e) => machine.apply(e));
 * sink.push(event);
 * await sink.flush(); // stored
 */
/** What a flush with nothing to store answers. */
const DONE: Promise<void> = Promise.resolve();

export class EventSink {
  #pending: BatonEvent[] = [];
  #inFlight: Promise<void> | null = null;
  /** The end of the current event-loop turn, which gathered flushes wait for. */
  #gathering: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  /** When the oldest pending event was pushed (performance.now()). */
  #oldestAt = 0;
  #error: unknown = undefined;
  readonly #storage: BatonStorage;
  readonly #onEvent: (event: BatonEvent) => void;
  readonly #onStored: ((events: readonly BatonEvent[], seqs: readonly string[]) => void) | undefined;

  readonly #delayMs: number;
  /** A run to create with the first batch written (`createWithFirstBatch`). */
  #create: (NewRun & { readonly id: string }) | undefined;

  /** `delayMs`: how long a pushed event may wait for company before it is written (0 = next tick). */
  constructor(
    storage: BatonStorage,
    onEvent: (event: BatonEvent) => void = () => {},
    delayMs = 0,
    onStored?: (events: readonly BatonEvent[], seqs: readonly string[]) => void,
  ) {
    this.#storage = storage;
    this.#onEvent = onEvent;
    this.#delayMs = delayMs;
    this.#onStored = onStored;
  }

  /**
   * Creates `run` in the transaction of the first batch written (`appendEvents`' `createRuns`), so a
   * run is stored with its first events: at most `delayMs` after the first push, at once on a flush.
   */
  createWithFirstBatch(run: NewRun & { readonly id: string }): void {
    this.#create = run;
  }

  /** False while a run to create with the first batch (`createWithFirstBatch`) is not yet being written: nothing of it is stored. */
  get runWritten(): boolean {
    return this.#create === undefined;
  }

  push(event: BatonEvent): void {
    this.#onEvent(event);
    if (this.#pending.length === 0 && this.#delayMs > 0) this.#oldestAt = performance.now();
    this.#pending.push(event);
    if (!this.#timer) this.#arm(this.#delayMs);
  }

  #arm(ms: number): void {
    this.#timer = ms > 0 ? setTimeout(this.#fire, ms) : setImmediate(this.#fire);
    this.#timer.unref?.();
  }

  /** The timer's callback, made once per sink: a closure per arm costs, under tsx, a defineProperty of its name each time. */
  readonly #fire = (): void => {
    this.#timer = null;
    if (this.#pending.length === 0) return;
    const waited = performance.now() - this.#oldestAt;
    if (this.#delayMs > 0 && waited < this.#delayMs - 1) return this.#arm(this.#delayMs - waited);
    this.flush().catch((e: unknown) => (this.#error ??= e));
  };

  /**
   * Resolves when everything pushed so far is stored; rejects if storage failed. A promise per
   * write, not per call: nothing pending and nothing in flight answers with a settled one.
   */
  flush(): Promise<void> {
    if (this.#inFlight !== null) return this.#afterInFlight(this.#inFlight);
    if (this.#pending.length > 0) return this.#writePending();
    return this.#error === undefined ? DONE : Promise.reject(this.#error);
  }

  /** `flush()` once the write under way is done (it rejects with that write's failure). */
  #afterInFlight(inFlight: Promise<void>): Promise<void> {
    return inFlight.then(() => this.flush());
  }

  /** Appends the pending events as one batch (telling `onStored`); resolves once they, and anything pushed meanwhile, are stored. */
  #writePending(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    const create = this.#create;
    this.#create = undefined;
    let appended: Promise<readonly string[]>;
    try {
      appended = create ? this.#storage.appendEvents(batch, { createRuns: [create] }) : this.#storage.appendEvents(batch);
    } catch (error) {
      appended = Promise.reject(error);
    }
    const write = appended.then((seqs) => this.#onStored?.(batch, seqs ?? []));
    this.#inFlight = write;
    // attached first, so flushes waiting on the same write find it done
    return write.then(
      () => this.#written(write),
      (error: unknown) => {
        if (this.#inFlight === write) this.#inFlight = null;
        throw error;
      },
    );
  }

  /** A write ended: the next one may start; anything pushed meanwhile is written too. */
  #written(write: Promise<void>): Promise<void> | undefined {
    if (this.#inFlight === write) this.#inFlight = null;
    if (this.#pending.length > 0 || this.#inFlight !== null) return this.flush();
    if (this.#error !== undefined) throw this.#error;
    return undefined;
  }

  /**
   * `flush()` after the current turn of the event loop has run (one `setImmediate` shared by every
   * flush asked for in the turn): steps ending in the same turn share one append instead of one
   * each. Each caller still resolves only once its events are stored. For a caller that other
   * running work may keep company; a lone one calls `flush()` (no turn to wait for).
   */
  flushGathered(): Promise<void> {
    if (this.#inFlight !== null || this.#pending.length === 0) return this.flush();
    // one promise for every caller of the turn (not a `then` and a closure each): its flush, after the turn,
    // writes everything pushed before it, and every caller pushed its events before asking
    return (this.#gathering ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#gatheredFlush()));
  }

  /** The turn of `flushGathered` is over: later callers gather anew. */
  #gatheredFlush(): Promise<void> {
    this.#gathering = null;
    return this.flush();
  }
}
