import { describe, expect, it } from 'vitest';
import { createPlanGate } from './plan-gate';
import { createRequestBudget } from './request-budget';

describe('createPlanGate', () => {
  it('runs at most `concurrency` works at once, first come first served', async () => {
    const gate = createPlanGate(1);
    const budget = createRequestBudget(10_000);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        gate.run(budget, async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('stops a request whose budget ran out while it waited, and frees the slot when work throws', async () => {
    const gate = createPlanGate(1);
    const slow = gate.run(createRequestBudget(10_000), () => new Promise((r) => setTimeout(r, 30)));
    const late = gate.run(createRequestBudget(10), () => 'planned');
    await expect(late).rejects.toMatchObject({ extensions: { code: 'TIME_BUDGET_EXCEEDED' } });
    await slow;
    await expect(gate.run(createRequestBudget(10_000), () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await gate.run(createRequestBudget(10_000), () => 'next')).toBe('next');
  });

  it('stops a request whose client went away', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(createPlanGate(2).run(createRequestBudget(10_000, controller.signal), () => 'x')).rejects.toMatchObject({ extensions: { code: 'REQUEST_ABORTED' } });
  });
});
