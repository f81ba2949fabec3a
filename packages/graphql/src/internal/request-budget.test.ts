import { describe, expect, it } from 'vitest';
import { createRequestBudget } from './request-budget';

describe('createRequestBudget', () => {
  it('treats a budget of 0 ms as spent at once, even within the millisecond it was made', () => {
    for (let i = 0; i < 1_000; i++) {
      const budget = createRequestBudget(0);
      expect(() => budget.check()).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'TIME_BUDGET_EXCEEDED' }) }));
    }
  });

  it('lets work go on while time is left, and says the client left before the budget', () => {
    expect(() => createRequestBudget(10_000).check()).not.toThrow();
    const controller = new AbortController();
    controller.abort();
    expect(() => createRequestBudget(0, controller.signal).check()).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'REQUEST_ABORTED' }) }));
  });
});
