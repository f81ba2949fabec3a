import type { BatonStorage } from '@baton/core';

type Wrappers = {
  [K in keyof BatonStorage]?: BatonStorage[K] extends (...args: infer A) => infer R ? (original: (...args: A) => R, ...args: A) => R : never;
};

/**
 * `storage` with some methods wrapped, each wrapper given the original (bound to `storage`) and the
 * call's arguments; every other method is the original, bound. How a test puts another process's pass,
 * a stall or a counter inside one storage call.
 *
 * @example
 * const racing = intercept(storage, { createRuns: async (createRuns, ...args) => (await otherDriver.tick(), createRuns(...args)) });
 */
export function intercept<S extends BatonStorage>(storage: S, wrappers: Wrappers): S {
  const wraps = wrappers as Record<PropertyKey, ((original: (...args: unknown[]) => unknown, ...args: unknown[]) => unknown) | undefined>;
  return new Proxy(storage, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const original = (value as (...args: unknown[]) => unknown).bind(target);
      const wrap = wraps[prop];
      return wrap ? (...args: unknown[]) => wrap(original, ...args) : original;
    },
  });
}
