import { BatonError, type BatonStorage, type Definitions, type IOManager, type StateSnapshot } from '@baton/core';
import { finishPlanWork, type PlanWork } from '@baton/planner';

/**
 * What every action works with. The CLI builds one per command from the opened project; the API one
 * per request (its cached planner state, its plan gate, its wake-ups); the daemon one per tick.
 */
export interface ActionContext {
  readonly storage: BatonStorage;
  /** The loaded definitions; absent for actions that need none (cancel, resume, re-execute). */
  readonly definitions?: () => Definitions;
  /** Stored state the planner reads. Default: `storage.loadStateSnapshot({ now: Date.now() })`. */
  readonly snapshot?: () => Promise<StateSnapshot>;
  /** Runs planning work (the API's plan gate and time budget, which may stop it mid-way). Default: runs it to the end at once. */
  readonly plan?: <T>(work: () => PlanWork<T>) => Promise<T>;
  /** Called after runs, backfills or stored state changed (wake coordinators, drop caches). */
  readonly onChanged?: () => void;
  /** IO managers the stored values are read through (checks). Default: the definitions' own. */
  readonly ioManagers?: (definitions: Definitions) => Readonly<Record<string, IOManager>> | Promise<Readonly<Record<string, IOManager>>>;
}

/**
 * The context's definitions, or INVALID_DEFINITION when it has none.
 *
 * @example
 * const defs = definitionsOf(ctx);
 */
export function definitionsOf(ctx: ActionContext): Definitions {
  if (!ctx.definitions) {
    throw new BatonError('INVALID_DEFINITION', 'No definitions are loaded, so this action cannot run', { hint: 'fix the definitions and try again' });
  }
  return ctx.definitions();
}

/** The context's state snapshot (default: read from storage now). */
export function snapshotOf(ctx: ActionContext): Promise<StateSnapshot> {
  return ctx.snapshot ? ctx.snapshot() : ctx.storage.loadStateSnapshot({ now: Date.now() });
}

/** Runs planning work (the planner's `…Work` form) through the context's gate (default: to the end, at once). */
export function planWith<T>(ctx: ActionContext, work: () => PlanWork<T>): Promise<T> {
  return ctx.plan ? ctx.plan(work) : Promise.resolve().then(() => finishPlanWork(work()));
}
