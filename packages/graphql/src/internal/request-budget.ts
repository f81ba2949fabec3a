import { GraphQLError } from 'graphql';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** How long one query or mutation may work, and whether its client is still there. */
export interface RequestBudget {
  /** Milliseconds left (≤ 0 once spent: a budget of 0 ms is spent from the start). */
  remainingMs(): number;
  /** Throws TIME_BUDGET_EXCEEDED when the budget is spent, REQUEST_ABORTED when the client left. */
  check(): void;
  /** Lets the event loop turn (other requests, a client's disconnect), then `check()`s: call it between chunks of work. */
  pause(): Promise<void>;
}

/**
 * A budget of `budgetMs` from now, ended early when `clientSignal` aborts (the client went away;
 * pass a getter to read it only when checked).
 * Checked by deadline, not by a timer, so synchronous work between two checks cannot hide it.
 *
 * @example
 * const budget = createRequestBudget(10_000, request.signal);
 * for (const chunk of chunks) { await budget.pause(); work(chunk); }
 */
export function createRequestBudget(budgetMs: number, clientSignal?: AbortSignal | (() => AbortSignal | undefined)): RequestBudget {
  const deadline = Date.now() + budgetMs;
  const check = () => {
    const client = typeof clientSignal === 'function' ? clientSignal() : clientSignal;
    if (client?.aborted) {
      throw new GraphQLError('The client went away; the request was stopped', { extensions: { code: 'REQUEST_ABORTED' } });
    }
    if (Date.now() >= deadline) {
      throw new GraphQLError(`The request ran past its time budget of ${budgetMs} ms and was stopped`, {
        extensions: {
          code: 'TIME_BUDGET_EXCEEDED',
          limit: { kind: 'time', maxMs: budgetMs },
          hint: 'ask for fewer plans, previews or partitions per request (e.g. a smaller selection or partition range)',
        },
      });
    }
  };
  return {
    remainingMs: () => deadline - Date.now(),
    check,
    async pause() {
      await yieldToEventLoop();
      check();
    },
  };
}
