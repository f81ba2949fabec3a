import type { BatonStorage } from '@baton/core';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { createContext, type BatonContext, type IOManagersSource } from './context';
import { createApiSignal, type ApiSignal } from './internal/api-signal';
import { readDefinitionsState, type DefinitionsSource } from './internal/definitions-state';
import { fieldCosts } from './internal/field-costs';
import { createPlanGate, type PlanOutcome } from './internal/plan-gate';
import { renderOfflineGraphiQL } from './internal/render-offline-graphiql';
import { PlannerStateCache } from './internal/planner-state';
import { createMaskError } from './plugins/mask-error';
import { DEFAULT_MAX_BODY_BYTES, useBodyLimit } from './plugins/use-body-limit';
import { useCostLimit } from './plugins/use-cost-limit';
import { useCSRFPrevention } from './plugins/use-csrf-prevention';
import { useDepthLimit } from './plugins/use-depth-limit';
import { allowedHosts, useHostCheck } from './plugins/use-host-check';
import { useReadiness } from './plugins/use-readiness';
import { useStorageWakeUps } from './plugins/use-storage-wake-ups';
import { useTokenAuth } from './plugins/use-token-auth';
import { batonSchema } from './schema/index';

export interface BatonYogaOptions {
  /** The current definitions, or the last good ones plus the current load error (dev server reloads). */
  readonly getDefinitions: () => DefinitionsSource;
  readonly storage: BatonStorage;
  /** Called after runs were queued (wake the run coordinator, e.g. with the runner's notifyRunsQueued). */
  readonly onRunsCreated?: () => void;
  /** The IO managers runChecks reads stored values through. Default: the definitions' own `ioManagers`. */
  readonly ioManagers?: IOManagersSource;
  /** When set, mutations and subscriptions need `Authorization: Bearer <token>` (queries too with `protectQueries`). */
  readonly token?: string;
  /** Queries need the token too (BATON_PROTECT_QUERIES). Default false. */
  readonly protectQueries?: boolean;
  /** Host names the server answers to (DNS rebinding); see `allowedHosts()`. Default: loopback names only. `false` turns the check off. */
  readonly allowedHosts?: readonly string[] | false;
  /** GraphiQL at GET /graphql (served from npm packages, offline). Default true. */
  readonly graphiql?: boolean;
  /** Default '/graphql'. */
  readonly graphqlEndpoint?: string;
  /** In-process wake-up shared with whatever writes events in this process; one is created when absent. */
  readonly signal?: ApiSignal;
  readonly limits?: {
    /** Maximum field nesting. Default 15. */
    readonly maxDepth?: number;
    /** Maximum operation cost (fields × page sizes, plans weighted by the partitions they cover). Default 50,000. */
    readonly maxCost?: number;
    /** Most plans and previews (materializeStalePreview, backfillPreview, launch mutations) per operation. Default 3. */
    readonly maxExpensiveFields?: number;
    /** How long one query or mutation may work before it is stopped (ms). Default 10,000. */
    readonly timeBudgetMs?: number;
    /** Plans (previews, launches) computed at once across all requests; the others wait within their budget. Default 1. */
    readonly concurrentPlans?: number;
    /** Largest request body (bytes); larger ones get 413, bodies of unknown length 411. Default 2 MiB. */
    readonly maxBodyBytes?: number;
  };
  /** Subscription poll interval for events written by other processes (ms). Default 250. */
  readonly pollMs?: number;
  /** Called after each plan (preview, launch) ends, computed or stopped mid-way (budget, client gone), e.g. to collect the garbage it left. */
  readonly onPlanDone?: (outcome: PlanOutcome) => void;
  /** Extra Yoga plugins, after Baton's. */
  readonly plugins?: readonly Plugin[];
  /** Receives unexpected (masked) errors. Default: console.error. */
  readonly onUnexpectedError?: (error: unknown) => void;
}

export type BatonYoga = YogaServerInstance<Record<string, unknown>, BatonContext> & {
  /** Wake subscriptions now (events were written in this process). */
  readonly signal: ApiSignal;
};

/**
 * Baton's GraphQL server: the schema plus one small plugin per concern (allowed hosts, token auth,
 * depth and cost limits, CSRF prevention, readiness, storage wake-ups, error masking). Mount it on any
 * HTTP server, and call `yoga.dispose()` when that server closes: it unsubscribes from the storage.
 *
 * @example
 * const yoga = createBatonYoga({ getDefinitions: () => defs, storage, token: process.env.BATON_API_TOKEN, onRunsCreated: notifyRunsQueued });
 * createServer(yoga).listen(3000, '127.0.0.1');
 */
export function createBatonYoga(options: BatonYogaOptions): BatonYoga {
  const { storage } = options;
  const signal = options.signal ?? createApiSignal();
  const stateCache = new PlannerStateCache(storage);
  const onRunsCreated = options.onRunsCreated ?? (() => {});
  const pollMs = options.pollMs ?? 250;
  const planGate = createPlanGate(options.limits?.concurrentPlans ?? 1, options.onPlanDone);
  const plugins: Plugin[] = [
    ...(options.allowedHosts === false ? [] : [useHostCheck(options.allowedHosts ?? allowedHosts(undefined))]),
    useBodyLimit(options.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
    useCSRFPrevention(),
    useTokenAuth(options.token, { protectQueries: options.protectQueries ?? false }),
    useDepthLimit(options.limits?.maxDepth ?? 15),
    useCostLimit({
      maxCost: options.limits?.maxCost ?? 50_000,
      maxExpensiveFields: options.limits?.maxExpensiveFields ?? 3,
      costs: () => fieldCosts(readDefinitionsState(options.getDefinitions()).definitions),
    }),
    useReadiness(storage, () => readDefinitionsState(options.getDefinitions()).definitions !== undefined),
    useStorageWakeUps(storage, signal),
    ...(options.plugins ?? []),
  ];
  const yoga = createYoga<Record<string, unknown>, BatonContext>({
    schema: batonSchema(),
    graphqlEndpoint: options.graphqlEndpoint ?? '/graphql',
    graphiql: options.graphiql ?? true,
    // bundled from npm, never from a CDN: GraphiQL works offline
    renderGraphiQL: renderOfflineGraphiQL,
    landingPage: false,
    maskedErrors: { maskError: createMaskError(options.onUnexpectedError ?? ((e) => console.error('[baton graphql] unexpected error', e))) },
    logging: false,
    plugins,
    // same-origin only (the UI is served by the same server); no CORS headers for other origins
    cors: false,
    // the body limit is useBodyLimit's, from the headers: Yoga's own passes every body through a counting stream
    maxRequestBodySize: false,
    context: ({ request }) =>
      createContext({
        request,
        storage,
        definitionsState: readDefinitionsState(options.getDefinitions()),
        signal,
        stateCache,
        onRunsCreated,
        pollMs,
        budgetMs: options.limits?.timeBudgetMs ?? 10_000,
        planGate,
        ...(options.ioManagers ? { ioManagers: options.ioManagers } : {}),
      }),
  });
  return Object.assign(yoga, { signal }) as BatonYoga;
}
