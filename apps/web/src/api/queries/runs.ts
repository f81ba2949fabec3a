import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf, type VariablesOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const RunsQuery = graphql(`
  query Runs($filter: RunFilter, $first: Int, $after: String) {
    runs(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id status assetKeys createdAt startedAt endedAt durationMs backfillId parentRunId error partition { kind key start end keys } tags { key value } }
    }
  }
`);
export type RunsFilter = NonNullable<VariablesOf<typeof RunsQuery>['filter']>;
export type RunListItem = NonNullable<NonNullable<ResultOf<typeof RunsQuery>['runs']>['nodes']>[number];

/**
 * Runs, newest first, filtered by status / asset / backfill.
 *
 * @example
 * useQuery(runsQuery({ status: ['FAILURE'] }));
 */
export const runsQuery = (filter: RunsFilter, first = 50) =>
  queryOptions({
    queryKey: ['runs', filter, first],
    queryFn: ({ signal }) => graphqlRequest(RunsQuery, { filter, first }, { signal }),
    refetchInterval: 3000,
  });

export const RunQuery = graphql(`
  query Run($id: ID!) {
    run(id: $id) {
      id status assetKeys createdAt startedAt endedAt durationMs backfillId parentRunId error owner
      partition { kind key start end keys }
      tags { key value }
      steps { stepKey assetKeys partitionKeys status attempt startedAt endedAt durationMs error }
      events(limit: 1000) { cursor hasMore events { seq type level message stepKey timestamp } }
    }
  }
`);
export type RunData = NonNullable<ResultOf<typeof RunQuery>['run']>;
export type RunEventItem = NonNullable<NonNullable<NonNullable<RunData['events']>['events']>[number]>;

/**
 * One run with steps and its first page of events; refreshed while it is not finished.
 *
 * @example
 * useQuery(runQuery('r-1'));
 */
export const runQuery = (id: string) =>
  queryOptions({
    queryKey: ['run', id],
    queryFn: ({ signal }) => graphqlRequest(RunQuery, { id }, { signal }),
    refetchInterval: (query) => {
      const status = query.state.data?.run?.status;
      return status === 'SUCCESS' || status === 'FAILURE' || status === 'CANCELED' ? false : 1500;
    },
  });

export const RunEventsSubscription = graphql(`
  subscription RunEvents($runId: ID!, $afterSeq: String) {
    runEvents(runId: $runId, afterSeq: $afterSeq) { seq type level message stepKey timestamp }
  }
`);
