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
  #scheduled = false;
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
    if (!this.#scheduled) {
      this.#scheduled = true;
      const run = () => {
        this.#scheduled = false;
        this.flush().catch((e: unknown) => (this.#error ??= e));
      };
      if (this.#delayMs > 0) setTimeout(run, this.#delayMs).unref?.();
      else setImmediate(run);
    }
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
      this.#inFlight = this.#storage.appendEvents(batch).finally(() => (this.#inFlight = null));
      await this.#inFlight;
    }
    if (this.#error !== undefined) throw this.#error;
  }
}
