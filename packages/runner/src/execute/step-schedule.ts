import type { StepPlan } from '@baton/planner';

/**
 * Where the steps of one run stand: which are ready, running or ended, and what each one unblocks.
 * Steps are numbered by their position in the plan, so a step that ends costs a few array reads
 * instead of a dozen look-ups by step key (a no-op step's scheduling was ~10 % of the runner's time).
 * A dependency outside the run (re-execution) is satisfied already.
 *
 * @example
 * const schedule = new StepSchedule(plan.steps);
 * for (let i = schedule.nextReady(); i >= 0; i = schedule.nextReady()) schedule.start(i);
 * schedule.end(i);
 * if (succeeded) schedule.unblockDependents(i);
 */
export class StepSchedule {
  readonly steps: readonly StepPlan[];
  readonly #index = new Map<string, number>();
  readonly #remaining: Int32Array;
  readonly #dependents: (number[] | undefined)[];
  /** 1 running, 2 ended (ended wins over running). */
  readonly #state: Uint8Array;
  readonly #ready: number[] = [];
  #head = 0;
  #ended = 0;
  #running = 0;

  constructor(steps: readonly StepPlan[]) {
    this.steps = steps;
    const n = steps.length;
    const index = this.#index;
    for (let i = 0; i < n; i++) index.set(steps[i]!.key, i);
    this.#remaining = new Int32Array(n);
    this.#dependents = new Array<number[] | undefined>(n).fill(undefined);
    this.#state = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const dependsOn = steps[i]!.dependsOn;
      // indexed: this runs before the code is optimized, and `for…of` then allocates an iterator result per dependency
      for (let k = 0; k < dependsOn.length; k++) {
        const d = index.get(dependsOn[k]!);
        if (d === undefined) continue; // satisfied outside this run (re-execution)
        this.#remaining[i]!++;
        (this.#dependents[d] ??= []).push(i);
      }
    }
    for (let i = 0; i < n; i++) if (this.#remaining[i] === 0) this.#ready.push(i);
  }

  /** The number of the step with this key (-1: not in the run). */
  indexOf(stepKey: string): number {
    return this.#index.get(stepKey) ?? -1;
  }

  /** The next ready step that has not ended (it is not started: see `start`), or -1. */
  nextReady(): number {
    while (this.#head < this.#ready.length) {
      const i = this.#ready[this.#head++]!;
      if (this.#state[i] !== ENDED) return i;
    }
    return -1;
  }

  /** Whether `nextReady` has a step to give (ready steps that ended meanwhile are passed over). */
  hasReady(): boolean {
    while (this.#head < this.#ready.length) {
      if (this.#state[this.#ready[this.#head]!] !== ENDED) return true;
      this.#head++;
    }
    return false;
  }

  start(i: number): void {
    this.#state[i] = RUNNING;
    this.#running++;
  }

  isRunning(i: number): boolean {
    return this.#state[i] === RUNNING;
  }

  hasEnded(i: number): boolean {
    return this.#state[i] === ENDED;
  }

  /** Marks step `i` ended (no longer running, if it was). */
  end(i: number): void {
    const state = this.#state[i];
    if (state === ENDED) return;
    if (state === RUNNING) this.#running--;
    this.#state[i] = ENDED;
    this.#ended++;
  }

  /** Step `i` succeeded: each dependent whose last dependency it was becomes ready. */
  unblockDependents(i: number): void {
    const list = this.#dependents[i];
    if (list === undefined) return;
    for (let k = 0; k < list.length; k++) {
      const d = list[k]!;
      if (--this.#remaining[d]! === 0 && this.#state[d] !== ENDED) this.#ready.push(d);
    }
  }

  /** The steps depending on step `i` in this run. */
  dependentsOf(i: number): readonly number[] {
    return this.#dependents[i] ?? NONE;
  }

  hasDependents(i: number): boolean {
    return this.#dependents[i] !== undefined;
  }

  get runningCount(): number {
    return this.#running;
  }

  get allEnded(): boolean {
    return this.#ended === this.steps.length;
  }

  /** The steps running now, in plan order. */
  running(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#state.length; i++) if (this.#state[i] === RUNNING) out.push(i);
    return out;
  }
}

const RUNNING = 1;
const ENDED = 2;
const NONE: readonly number[] = [];
