import { isConnectionError, type BatonStorage } from '@baton/core';
import type { ConnectionHealth } from './connection-health';
import { SYNCHRONOUS_METHODS } from './create-kysely-storage';
import { writeReceiptScope } from './write-receipt';

/** Not retried: they do not talk to the database, or ending them must not wait. */
const PASS_THROUGH = new Set(['close', ...SYNCHRONOUS_METHODS]);

/**
 * `storage` whose calls outlive a database outage: a call failing with a connection error (see
 * `isConnectionError`) marks `health` unreachable, waits until the database answers again (at most
 * `waitMs` from the call's first failure), then runs again from the start. With `waitMs` 0 calls
 * fail at once, but the outage is still recorded (and probed) in `health`.
 *
 * Each write transaction of a call that may be retried records a receipt in the same transaction
 * (see `write-receipt.ts`): a transaction rolled back with its connection is written again, and one
 * whose COMMIT went through though its answer was lost returns its recorded result, so nothing is
 * written twice. (`transitionRun` decides again from the stored state under the run's lock.)
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
      const receipts = waitMs > 0 ? writeReceiptScope() : undefined;
      for (;;) {
        const startedAt = Date.now();
        try {
          const result = await (receipts ? receipts.run(() => fn.apply(storage, args)) : fn.apply(storage, args));
          health.succeeded(startedAt);
          return result;
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          health.failed(error);
          deadline ??= Date.now() + waitMs;
          if (!(await health.waitUntilReachable(deadline - Date.now()))) throw error;
          receipts?.markRetry();
        }
      }
    };
  }
  return wrapped as unknown as T;
}
