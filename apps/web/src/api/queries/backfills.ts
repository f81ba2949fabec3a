import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

const isActive = (status: string | null | undefined) => status === 'REQUESTED' || status === 'CANCELING' || status === 'FAILING';

export const BackfillsQuery = graphql(`
  query Backfills {
    backfills(first: 100) {
      nodes { id status createdAt endedAt runCount request progress { assetKey targeted done failed inProgress } }
    }
  }
`);
export type BackfillListItem = NonNullable<NonNullable<ResultOf<typeof BackfillsQuery>['backfills']>['nodes']>[number];

/**
 * Backfills, newest first, with per-asset progress.
 *
 * @example
 * useQuery(backfillsQuery());
 */
export const backfillsQuery = () =>
  queryOptions({
    queryKey: ['backfills'],
    queryFn: ({ signal }) => graphqlRequest(BackfillsQuery, {}, { signal }),
    refetchInterval: 2000,
  });

export const BackfillQuery = graphql(`
  query Backfill($id: ID!) {
    backfill(id: $id) {
      id status createdAt updatedAt endedAt runCount request
      progress { assetKey targeted done failed inProgress }
      runs(first: 200) { id status assetKeys createdAt startedAt endedAt durationMs partition { kind key start end keys } }
    }
  }
`);
export type BackfillData = NonNullable<ResultOf<typeof BackfillQuery>['backfill']>;

/**
 * One backfill with progress per asset and its runs; polled while it is active.
 *
 * @example
 * useQuery(backfillQuery('b-1'));
 */
export const backfillQuery = (id: string) =>
  queryOptions({
    queryKey: ['backfill', id],
    queryFn: ({ signal }) => graphqlRequest(BackfillQuery, { id }, { signal }),
    refetchInterval: (query) => (isActive(query.state.data?.backfill?.status) ? 1000 : false),
  });
