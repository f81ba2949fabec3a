import type { BatonEvent, BatonStorage } from '@baton/core';

/**
 * Buffers events and appends them in batches: everything pushed within one tick (or `delayMs`) goes
 * to storage in one `appendEvents` call. `flush()` resolves once every event pushed before it is stored; concurrent
 * flushes share work. `onEvent` sees each event as it is pushed (the run's reducer).
 *
 * @example
 * const sink = new EventSink(storage, (e) => machine.apply(e));
 * sink.push(event);
 * await sink.flush(); // stored
 */
export class EventSink {
  #pending: BatonEvent[] = [];
  #inFlight: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  #error: unknown = undefined;
  readonly #storage: BatonStorage;
  readonly #onEvent: (event: BatonEvent) => void;

  readonly #delayMs: number;

  /** `delayMs`: how long a pushed event may wait for company before it is written (0 = next tick). */
  constructor(storage: BatonStorage, onEvent: (event: BatonEvent) => void = () => {}, delayMs = 0) {
    this.#storage = storage;
    this.#onEvent = onEvent;
    this.#delayMs = delayMs;
  }

  push(event: BatonEvent): void {
    this.#onEvent(event);
    this.#pending.push(event);
    if (!this.#timer) {
      const run = () => {
        this.#timer = null;
        this.flush().catch((e: unknown) => (this.#error ??= e));
      };
      this.#timer = this.#delayMs > 0 ? setTimeout(run, this.#delayMs) : setImmediate(run);
      this.#timer.unref?.();
    }
  }

  /** A flush took everything pending: the next event waits its own full delay (so a fast step's
   * STEP_STARTED goes with its closing events instead of alone in the tail of an older timer). */
  #cancelTimer(): void {
    if (!this.#timer) return;
    if (this.#delayMs > 0) clearTimeout(this.#timer as ReturnType<typeof setTimeout>);
    else clearImmediate(this.#timer as ReturnType<typeof setImmediate>);
    this.#timer = null;
  }

  /** Resolves when everything pushed so far is stored; rejects if storage failed. */
  async flush(): Promise<void> {
    while (this.#pending.length > 0 || this.#inFlight) {
      if (this.#inFlight) {
        await this.#inFlight;
        continue;
      }
      const batch = this.#pending;
      this.#pending = [];
      this.#cancelTimer();
      this.#inFlight = this.#storage.appendEvents(batch).finally(() => (this.#inFlight = null));
      await this.#inFlight;
    }
    if (this.#error !== undefined) throw this.#error;
  }
}
