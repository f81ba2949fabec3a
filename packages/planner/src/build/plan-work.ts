/**
 * A plan being computed, in slices: the planner yields (`undefined`) between chunks of a few hundred
 * partitions, and returns the result. Drive it to the end with `finishPlanWork` (synchronous, what
 * `planBackfill` & co. do), or with `runPlanWork` to let the event loop turn between slices and stop
 * the work mid-way (a request's time budget ran out, its client went away).
 */
export type PlanWork<T> = Generator<undefined, T, undefined>;

/** Iterations between two yields of a plan's long loops (a yield costs a generator step, not a clock read). */
export const PLAN_SLICE_ITERATIONS = 512;

/**
 * Runs `work` to its end synchronously.
 *
 * @example
 * const plan = finishPlanWork(planBackfillWork(defs, snapshot, request));
 */
export function finishPlanWork<T>(work: PlanWork<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

export interface RunPlanWorkOptions {
  /**
   * Called between slices of about `sliceMs` of work: resolve to go on, throw (or reject) to stop
   * the plan where it is (e.g. a request budget's `pause()`, which lets the event loop turn first).
   */
  readonly pause: () => Promise<void> | void;
  /** Work between two pauses (ms). Default 20. */
  readonly sliceMs?: number;
}

/**
 * Runs `work` in slices, calling `pause` between them: other requests are answered meanwhile, and a
 * `pause` that throws stops the plan mid-way (its generator is closed; nothing of it is kept).
 *
 * @example
 * const plan = await runPlanWork(planMaterializeStaleWork(defs, snapshot), { pause: () => budget.pause() });
 */
export async function runPlanWork<T>(work: PlanWork<T>, options: RunPlanWorkOptions): Promise<T> {
  const sliceMs = options.sliceMs ?? 20;
  try {
    for (let sliceStart = performance.now(); ; ) {
      const step = work.next();
      if (step.done) return step.value;
      if (performance.now() - sliceStart >= sliceMs) {
        await options.pause();
        sliceStart = performance.now();
      }
    }
  } finally {
    work.return(undefined as never);
  }
}
