import type { ExtraCallSlots, SlotWanter } from '../execute/execute-step';

/**
 * A worker's asset function calls at once: each step job holds one call while it runs, and a step
 * over several partitions of a non-ranged asset runs its other partitions in the calls no job is
 * using, round robin between such steps. Jobs are always admitted (the queue's `concurrency` already
 * bounds them), so a job arriving while partitions use free calls may briefly exceed the limit.
 *
 * @example
 * const budget = new CallBudget(4);
 * budget.enter(); // a job starts
 * await executeStep({ ...env, slots: budget }, step, signal);
 * budget.leave();
 */
export class CallBudget implements ExtraCallSlots {
  readonly #limit: number;
  #busy = 0;
  #wanters: SlotWanter[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** A step job starts (its own call). */
  enter(): void {
    this.#busy++;
  }

  /** A step job ended: its call may go to another step's partitions. */
  leave(): void {
    this.#busy--;
    this.#grant();
  }

  offer(wanter: SlotWanter): () => void {
    this.#wanters.push(wanter);
    queueMicrotask(() => this.#grant());
    return () => {
      const i = this.#wanters.indexOf(wanter);
      if (i >= 0) this.#wanters.splice(i, 1);
    };
  }

  release(): void {
    this.#busy--;
    this.#grant();
  }

  /** Calls under way (jobs plus extra partitions). */
  get busy(): number {
    return this.#busy;
  }

  #grant(): void {
    while (this.#busy < this.#limit) {
      const i = this.#wanters.findIndex((w) => w.wants());
      if (i < 0) return;
      const [wanter] = this.#wanters.splice(i, 1);
      this.#wanters.push(wanter!);
      this.#busy++;
      wanter!.take();
    }
  }
}
