import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf, type VariablesOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

/** Runs shown per page of a preview. */
export const PREVIEW_PAGE_SIZE = 25;

export const PlanRunFields = graphql(`
  fragment PlanRunFields on RunPreview @_unmask {
    key assetKeys dependsOnRuns partition { kind key start end keys }
    steps { key assetKeys partitionCount firstPartitionKey lastPartitionKey reasons { category message } }
  }
`);
export type PlanRunData = ResultOf<typeof PlanRunFields>;

export const PlanPreviewFields = graphql(
  `
  fragment PlanPreviewFields on PlanPreview @_unmask {
    purpose runCount stepCount assetCount assetPartitionCount
    estimate { wallClockMs totalWorkMs criticalPathMs confidence maxConcurrentRuns notes }
    assetSummaries { assetKey partitionCount runCount estimateMs sql ranges { firstKey lastKey } }
    warnings { code severity message hint assetKey suggestedBatchSize }
    runs(first: 25) { ...PlanRunFields }
  }
`,
  [PlanRunFields],
);
export type PlanPreviewData = ResultOf<typeof PlanPreviewFields>;

/** One page of a preview's runs, for paging past the first (every run is reachable). */
export type RunsPage = (offset: number) => ReturnType<typeof runsPageOptions>;

function runsPageOptions(key: readonly unknown[], fetch: (signal: AbortSignal) => Promise<readonly PlanRunData[]>) {
  return queryOptions({ queryKey: key, queryFn: ({ signal }) => fetch(signal), staleTime: 60_000, retry: false });
}

export type RunPolicyInput = NonNullable<VariablesOf<typeof MaterializeStalePreviewQuery>['policy']>;

export const MaterializeStalePreviewQuery = graphql(
  `
  query MaterializeStalePreview($selection: String, $policy: RunPolicyInput) {
    materializeStalePreview(selection: $selection, policy: $policy) { ...PlanPreviewFields }
  }
`,
  [PlanPreviewFields],
);

const MaterializeStaleRunsQuery = graphql(
  `
  query MaterializeStaleRuns($selection: String, $policy: RunPolicyInput, $offset: Int!) {
    materializeStalePreview(selection: $selection, policy: $policy) { runs(first: 25, offset: $offset) { ...PlanRunFields } }
  }
`,
  [PlanRunFields],
);

/**
 * What "Materialize stale" would run for a selection, and why, with an estimate.
 *
 * @example
 * useQuery(materializeStalePreviewQuery('', { kind: 'BATCH', size: 10 }));
 */
export const materializeStalePreviewQuery = (selection: string, policy: RunPolicyInput | null = null) =>
  queryOptions({
    queryKey: ['preview', 'stale', selection, policy],
    queryFn: ({ signal }) => graphqlRequest(MaterializeStalePreviewQuery, { selection: selection.trim() || null, policy }, { signal }),
    staleTime: 0,
  });

/** Pages of the runs of `materializeStalePreviewQuery(selection, policy)`. */
export const materializeStaleRunsPage = (selection: string, policy: RunPolicyInput | null = null): RunsPage => (offset) =>
  runsPageOptions(['preview', 'stale', selection, policy, 'runs', offset], async (signal) =>
    (await graphqlRequest(MaterializeStaleRunsQuery, { selection: selection.trim() || null, policy, offset }, { signal })).materializeStalePreview?.runs ?? [],
  );

export const BackfillPreviewQuery = graphql(
  `
  query BackfillPreview($input: BackfillInput!) {
    backfillPreview(input: $input) { ...PlanPreviewFields }
  }
`,
  [PlanPreviewFields],
);
export type BackfillInput = VariablesOf<typeof BackfillPreviewQuery>['input'];

const BackfillRunsQuery = graphql(
  `
  query BackfillRuns($input: BackfillInput!, $offset: Int!) {
    backfillPreview(input: $input) { runs(first: 25, offset: $offset) { ...PlanRunFields } }
  }
`,
  [PlanRunFields],
);

/**
 * What a backfill would launch: run count, partitions per asset, estimated duration.
 *
 * @example
 * useQuery(backfillPreviewQuery({ selection: 'group:rollups', partitions: { range: { from: '2024-01-01', to: '2024-01-31' } } }));
 */
export const backfillPreviewQuery = (input: BackfillInput) =>
  queryOptions({
    queryKey: ['preview', 'backfill', input],
    queryFn: ({ signal }) => graphqlRequest(BackfillPreviewQuery, { input }, { signal }),
    staleTime: 0,
    retry: false,
  });

/** Pages of the runs of `backfillPreviewQuery(input)`. */
export const backfillRunsPage = (input: BackfillInput): RunsPage => (offset) =>
  runsPageOptions(['preview', 'backfill', input, 'runs', offset], async (signal) =>
    (await graphqlRequest(BackfillRunsQuery, { input, offset }, { signal })).backfillPreview?.runs ?? [],
  );
