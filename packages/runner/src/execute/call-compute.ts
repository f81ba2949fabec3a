import { isThenable } from './is-thenable';

/** The error an aborted attempt fails with: the signal's reason when it is an Error. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
}

/** Resolves with `promise`, or rejects as soon as `signal` aborts (the user code may keep running in the background). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
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
 * signal. Throws at once when the signal is already aborted.
 *
 * @example
 * const value = callCompute(def.compute, def, ctx, inputs, signal);
 * const result = isThenable(value) ? await value : value;
 */
export function callCompute<C>(compute: (ctx: never, inputs: Record<string, unknown>) => unknown, self: unknown, ctx: C, inputs: Record<string, unknown>, signal: AbortSignal): unknown {
  if (signal.aborted) throw abortError(signal);
  const result = compute.call(self, ctx as never, inputs);
  return isThenable(result) ? raceAbort(Promise.resolve(result), signal) : result;
}
