import type { BatonStorage, Definitions, IOManager, MaterializationRecord } from '@baton/core';
import type { PlanWork } from '@baton/planner';
import DataLoader from 'dataloader';
import type { ApiSignal } from './internal/api-signal';
import type { PlanGate } from './internal/plan-gate';
import { createRequestBudget, type RequestBudget } from './internal/request-budget';
import type { DefinitionsState } from './internal/definitions-state';
import type { PlannerState, PlannerStateCache } from './internal/planner-state';
import { inputError } from './internal/to-graphql-error';

/** Per-request context every resolver receives. */
export interface BatonContext {
  readonly storage: BatonStorage;
  readonly definitionsState: DefinitionsState;
  /** The current definitions; throws a GraphQLError (INVALID_DEFINITION) when none ever loaded. */
  definitions(): Definitions;
  /** Snapshot + staleness, computed once per request (and shared across requests at the same event seq). */
  plannerState(): Promise<PlannerState>;
  /** The planner state when this request already resolved it (lets 10,000 status fields resolve synchronously). */
  plannerStateIfReady(): PlannerState | undefined;
  readonly loaders: {
    readonly materialization: DataLoader<string, MaterializationRecord | null>;
  };
  readonly signal: ApiSignal;
  readonly stateCache: PlannerStateCache;
  /** Wakes the run coordinator after runs were queued. */
  readonly onRunsCreated: () => void;
  /** How often subscriptions poll storage for events written by other processes (ms). */
  readonly pollMs: number;
  /** Aborted when the client goes away (ends subscriptions). */
  readonly abortSignal?: AbortSignal;
  /** The time budget of this query or mutation (expensive resolvers `await budget.pause()` between chunks of work). */
  readonly budget: RequestBudget;
  /**
   * Runs a plan (preview, launch) when the server-wide plan gate gives it a turn, within this
   * request's budget; pass the planner's `…Work` form (`() => planBackfillWork(…)`) so the plan stops
   * mid-way when the budget runs out or the client leaves.
   */
  plan<T>(work: () => PlanWork<T> | T | Promise<T>): Promise<T>;
  /** The IO managers stored values are read through (runChecks); default: the definitions' own. */
  readonly ioManagers?: IOManagersSource;
}

/** The IO managers of the current definitions (e.g. theirs plus a filesystem `default`). */
export type IOManagersSource = (definitions: Definitions) => Readonly<Record<string, IOManager>> | Promise<Readonly<Record<string, IOManager>>>;

export interface ContextDeps {
  readonly storage: BatonStorage;
  readonly definitionsState: DefinitionsState;
  readonly signal: ApiSignal;
  readonly stateCache: PlannerStateCache;
  readonly onRunsCreated: () => void;
  readonly pollMs: number;
  readonly ioManagers?: IOManagersSource;
  /** The HTTP request (its abort signal ends subscriptions when the client goes away). */
  readonly request?: Request;
  /** How long a query or mutation may work (ms). Default 10,000. */
  readonly budgetMs?: number;
  /** Shared by every request: how many plans run at once. */
  readonly planGate: PlanGate;
}

/** Builds a request's context: fresh DataLoaders, memoised planner state. */
export function createContext(deps: ContextDeps): BatonContext {
  const { storage, definitionsState } = deps;
  const definitions = (): Definitions => {
    if (definitionsState.definitions) return definitionsState.definitions;
    const e = definitionsState.error;
    throw inputError('INVALID_DEFINITION', `No definitions are loaded${e ? `: ${e.message}` : ''}`, {
      hint: 'fix the error in your definitions; query definitionsStatus for details',
    });
  };
  const budget = createRequestBudget(deps.budgetMs ?? 10_000, () => deps.request?.signal);
  let state: Promise<PlannerState> | undefined;
  let ready: PlannerState | undefined;
  return {
    ...deps,
    // read lazily: creating the signal costs on every request, and only subscriptions need it
    get abortSignal() {
      return deps.request?.signal;
    },
    budget,
    plan: (work) => deps.planGate.run(budget, work),
    definitions,
    plannerState: () =>
      (state ??= deps.stateCache.get(definitions()).then((s) => {
        ready = s;
        return s;
      })),
    plannerStateIfReady: () => ready,
    loaders: {
      materialization: new DataLoader(async (ids) => {
        const found = new Map((await storage.getMaterializations(ids)).map((m) => [m.id, m]));
        return ids.map((id) => found.get(id) ?? null);
      }),
    },
  };
}
