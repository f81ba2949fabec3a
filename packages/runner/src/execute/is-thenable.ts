/**
 * True for a promise or any object with a `then` method: what the runner waits for, as opposed to a
 * value given at once (an asset function, IO manager or storage call may answer either way).
 *
 * @example
 * const value = io.loadInput(ctx);
 * inputs.a = isThenable(value) ? await value : value;
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
