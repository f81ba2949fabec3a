import { isConnectionError, type BatonStorage } from '@baton/core';
import type { ConnectionHealth } from './connection-health';
import { SYNCHRONOUS_METHODS } from './create-kysely-storage';

/** Not retried: they do not talk to the database, or ending them must not wait. */
const PASS_THROUGH = new Set(['close', ...SYNCHRONOUS_METHODS]);

/**
 * `storage` whose calls outlive a database outage: a call failing with a connection error (see
 * `isConnectionError`) marks `health` unreachable, waits until the database answers again (at most
 * `waitMs` from the call's first failure), then runs again from the start — each storage call is one
 * transaction or one statement, so nothing of a failed attempt was written. With `waitMs` 0 calls
 * fail at once, but the outage is still recorded (and probed) in `health`.
 *
 * One case is ambiguous, as with any client: a COMMIT the server applied whose answer was lost with
 * the connection is retried.
 *
 * @example
 * const durable = retryOnOutage(storage, health, 600_000);
 */
export function retryOnOutage<T extends BatonStorage>(storage: T, health: ConnectionHealth, waitMs: number): T {
  const wrapped: Record<string, unknown> = { ...(storage as object) };
  for (const [name, value] of Object.entries(storage)) {
    if (typeof value !== 'function' || PASS_THROUGH.has(name)) continue;
    const fn = value as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      let deadline: number | undefined;
      for (;;) {
        try {
          const result = await fn.apply(storage, args);
          health.succeeded();
          return result;
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          health.failed(error);
          deadline ??= Date.now() + waitMs;
          if (!(await health.waitUntilReachable(deadline - Date.now()))) throw error;
        }
      }
    };
  }
  return wrapped as unknown as T;
}
