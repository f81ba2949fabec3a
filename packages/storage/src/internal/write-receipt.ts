import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The storage call whose write transactions leave receipts, and whether this attempt is a retry. */
interface ReceiptScope {
  readonly callId: string;
  retry: boolean;
  /** Write transactions opened by this attempt so far (a call may open several, in a fixed order). */
  opened: number;
}

const scope = new AsyncLocalStorage<ReceiptScope>();

/** How long a receipt is kept: longer than any call waits through an outage before it is retried. */
export const RECEIPT_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * The scope of one storage call whose writes may be retried: each attempt runs through `run`, and
 * after `markRetry()` (a lost connection) the next attempt is a retry. Every write transaction it opens (see `receiptOf`) records, in
 * the same transaction, a receipt with its result. A retried transaction whose receipt exists — its
 * COMMIT went through though the answer was lost — returns the recorded result instead of writing again.
 *
 * @example
 * const receipts = writeReceiptScope();
 * for (;;) {
 *   try { return await receipts.run(() => storage.appendEvents(events)); }
 *   catch (error) { if (!isConnectionError(error)) throw error; await reconnected(); receipts.markRetry(); }
 * }
 */
export function writeReceiptScope(): { run<T>(attempt: () => Promise<T>): Promise<T>; markRetry(): void } {
  const s: ReceiptScope = { callId: randomUUID(), retry: false, opened: 0 };
  return {
    run(attempt) {
      s.opened = 0;
      return scope.run(s, attempt);
    },
    markRetry() {
      s.retry = true;
    },
  };
}

/** The receipt id of the next write transaction of the current call and whether to look for it first; undefined outside a call that may be retried. */
export function nextReceipt(): { readonly id: string; readonly retry: boolean } | undefined {
  const s = scope.getStore();
  if (!s) return undefined;
  return { id: `${s.callId}:${s.opened++}`, retry: s.retry };
}
