import type { StorageHealth } from '@baton/core';

type Listener = (health: StorageHealth, previous: StorageHealth) => void;

export interface ConnectionHealthOptions {
  /** Checks the database answers (e.g. `select 1`); rejects while it does not. */
  readonly probe: () => Promise<unknown>;
  /** First delay between probes during an outage, doubled up to `maxDelayMs`. Default 250 ms. */
  readonly minDelayMs?: number;
  /** Default 5,000 ms. */
  readonly maxDelayMs?: number;
  readonly now?: () => number;
}

/**
 * A database connection's health, shared by everything using one pool: the first connection error
 * makes it `unreachable` (listeners hear it once per outage, however many queries fail), a probe
 * loop with exponential backoff runs until the database answers, then it is `ok` again (listeners
 * hear that once too) and everyone waiting in `waitUntilReachable` goes on.
 *
 * @example
 * const health = new ConnectionHealth({ probe: () => pool.query('select 1') });
 * pool.on('error', (e) => health.failed(e));
 * health.onChange((now) => console.error(now.status));
 */
export class ConnectionHealth {
  #state: StorageHealth;
  readonly #listeners = new Set<Listener>();
  readonly #waiters = new Set<() => void>();
  readonly #options: ConnectionHealthOptions;
  readonly #now: () => number;
  #probing = false;
  #closed = false;
  #wake: (() => void) | null = null;

  constructor(options: ConnectionHealthOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#state = { status: 'ok', since: this.#now(), lastError: null };
  }

  get current(): StorageHealth {
    return this.#state;
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A connection error happened: the database is unreachable (from now, unless it already was). */
  failed(error: unknown): void {
    if (this.#closed) return;
    const lastError = describe(error);
    if (this.#state.status === 'unreachable') {
      this.#state = { ...this.#state, lastError };
      return;
    }
    this.#set({ status: 'unreachable', since: this.#now(), lastError });
    void this.#probeUntilReachable();
  }

  /**
   * Something got through: the database answers again (no-op when it already did). A call sent
   * before the outage began (`startedAt` earlier than its `since`) proves nothing: its answer can
   * arrive while the connections are being cut, and would end the outage only to start another.
   */
  succeeded(startedAt?: number): void {
    if (this.#state.status === 'ok' || this.#closed) return;
    if (startedAt !== undefined && startedAt < this.#state.since) return;
    this.#set({ status: 'ok', since: this.#now(), lastError: this.#state.lastError });
    for (const resolve of this.#waiters) resolve();
    this.#waiters.clear();
    this.#wake?.();
  }

  /** Resolves true once the database answers, false if `timeoutMs` passes first (or on close). */
  waitUntilReachable(timeoutMs: number): Promise<boolean> {
    if (this.#state.status === 'ok') return Promise.resolve(true);
    if (this.#closed || timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve(this.#state.status === 'ok');
      };
      const timer = setTimeout(done, Math.min(timeoutMs, 2 ** 31 - 1));
      this.#waiters.add(done);
    });
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
    for (const resolve of this.#waiters) resolve();
    this.#waiters.clear();
  }

  /** Read through a method: the status changes while the probe loop awaits. */
  #status(): StorageHealth['status'] {
    return this.#state.status;
  }

  #set(next: StorageHealth): void {
    const previous = this.#state;
    this.#state = next;
    for (const listener of this.#listeners) {
      try {
        listener(next, previous);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  async #probeUntilReachable(): Promise<void> {
    if (this.#probing) return;
    this.#probing = true;
    try {
      const max = this.#options.maxDelayMs ?? 5_000;
      for (let delay = this.#options.minDelayMs ?? 250; this.#status() === 'unreachable' && !this.#closed; delay = Math.min(max, delay * 2)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          timer.unref?.();
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = null;
        if (this.#status() === 'ok' || this.#closed) break;
        try {
          await this.#options.probe();
          this.succeeded();
        } catch (error) {
          if (this.#status() === 'unreachable') this.#state = { ...this.#state, lastError: describe(error) };
        }
      }
    } finally {
      this.#probing = false;
    }
  }
}

function describe(error: unknown): string {
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' && message ? message : String(error);
}
