/**
 * The signal an asset function sees as `ctx.signal`, made the first time it is read: creating an
 * AbortSignal costs ~3 µs in Node 20 (more than the rest of a no-op attempt's context), and most
 * functions never read it. Once made, it follows the attempt's signal (the run's cancel, or the
 * attempt's timeout) until `release()`, so listeners a function leaves on it die with the attempt
 * instead of piling up on the run's signal, and a later cancel of the run never reaches them.
 *
 * @example
 * const lazy = new AttemptSignal(hooks.signal);
 * const ctx = withAttemptSignal({ assetKey, ... }, lazy); // ctx.signal made on first read
 * try { await compute(ctx); } finally { lazy.release(); }
 */
export class AttemptSignal {
  readonly #parent: AbortSignal;
  #controller: AbortController | undefined;
  #follow: (() => void) | undefined;
  #released = false;

  constructor(parent: AbortSignal) {
    this.#parent = parent;
  }

  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const controller = (this.#controller = new AbortController());
    const parent = this.#parent;
    if (parent.aborted) controller.abort(parent.reason);
    else if (!this.#released) {
      this.#follow = () => controller.abort(parent.reason);
      parent.addEventListener('abort', this.#follow, { once: true });
    }
    return controller.signal;
  }

  /** The attempt is over: the signal no longer follows the attempt's (made later, it is aborted only if that already was). */
  release(): void {
    this.#released = true;
    if (this.#follow) this.#parent.removeEventListener('abort', this.#follow);
    this.#follow = undefined;
  }
}

const LAZY = Symbol('baton.attemptSignal');

/** One getter for every context (a getter per context would give each its own hidden class). */
const SIGNAL_PROPERTY: PropertyDescriptor = {
  enumerable: true,
  configurable: false,
  get(this: { readonly [LAZY]: AttemptSignal }): AbortSignal {
    return this[LAZY].signal;
  },
};

/**
 * Gives `ctx` a read-only, enumerable `signal` property backed by `lazy` (spread and destructuring
 * read it like a plain property).
 *
 * @example
 * const ctx = withAttemptSignal({ assetKey: 'a' }, new AttemptSignal(hooks.signal));
 * ctx.signal.aborted // false
 */
export function withAttemptSignal<T extends object>(ctx: T, lazy: AttemptSignal): T & { readonly signal: AbortSignal } {
  (ctx as { [LAZY]?: AttemptSignal })[LAZY] = lazy;
  Object.defineProperty(ctx, 'signal', SIGNAL_PROPERTY);
  return ctx as T & { readonly signal: AbortSignal };
}
