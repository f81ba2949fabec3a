import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const AssetPlotsQuery = graphql(`
  query AssetPlots($key: String!, $first: Int!) {
    asset(key: $key) {
      key
      partitioning { kind }
      materializations(first: $first) { nodes { partitionKey timestamp metadata } }
      checkHistory(first: $first) { nodes { checkName partitionKey passed timestamp } }
    }
    runs(filter: { assetKey: $key }, first: $first) {
      nodes { steps { assetKeys partitionKeys status durationMs startedAt } }
    }
  }
`);
export type AssetPlotsData = ResultOf<typeof AssetPlotsQuery>;

/** How many of the newest materializations, check results and runs the plots read. */
export const PLOT_WINDOW = 500;

/**
 * What the asset page plots: the newest materializations (their numeric metadata), check results and the
 * asset's runs (their step durations).
 *
 * @example
 * useQuery(assetPlotsQuery('raw/orders'));
 */
export const assetPlotsQuery = (key: string) =>
  queryOptions({
    queryKey: ['asset', key, 'plots'],
    queryFn: ({ signal }) => graphqlRequest(AssetPlotsQuery, { key, first: PLOT_WINDOW }, { signal }),
  });
