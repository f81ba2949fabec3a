import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf, type VariablesOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const PlanPreviewFields = graphql(`
  fragment PlanPreviewFields on PlanPreview @_unmask {
    purpose runCount stepCount assetCount assetPartitionCount
    estimate { wallClockMs totalWorkMs criticalPathMs confidence maxConcurrentRuns notes }
    assets { assetKey count ranges { firstKey lastKey } }
    runs(first: 50) {
      key assetKeys dependsOnRuns partition { kind key start end keys }
      steps { key assetKeys partitionCount firstPartitionKey lastPartitionKey reasons { category message } }
    }
  }
`);
export type PlanPreviewData = ResultOf<typeof PlanPreviewFields>;

export const MaterializeStalePreviewQuery = graphql(
  `
  query MaterializeStalePreview($selection: String) {
    materializeStalePreview(selection: $selection) { ...PlanPreviewFields }
  }
`,
  [PlanPreviewFields],
);

/**
 * What "Materialize stale" would run for a selection, and why, with an estimate.
 *
 * @example
 * useQuery(materializeStalePreviewQuery(''));
 */
export const materializeStalePreviewQuery = (selection: string) =>
  queryOptions({
    queryKey: ['preview', 'stale', selection],
    queryFn: ({ signal }) => graphqlRequest(MaterializeStalePreviewQuery, { selection: selection.trim() || null }, { signal }),
    staleTime: 0,
  });

export const BackfillPreviewQuery = graphql(
  `
  query BackfillPreview($input: BackfillInput!) {
    backfillPreview(input: $input) { ...PlanPreviewFields }
  }
`,
  [PlanPreviewFields],
);
export type BackfillInput = VariablesOf<typeof BackfillPreviewQuery>['input'];

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
