import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const AssetChecksQuery = graphql(`
  query AssetChecks($key: String!) {
    asset(key: $key) {
      key
      checkStatus
      partitioning { kind }
      checks {
        name description severity blocking status failedPartitionCount
        latestResult { id passed severity partitionKey runId timestamp metadata }
      }
    }
  }
`);
export type AssetChecksData = NonNullable<ResultOf<typeof AssetChecksQuery>['asset']>;
export type AssetCheckData = AssetChecksData['checks'][number];

/**
 * An asset's checks, each with its latest result, and the asset's check status.
 *
 * @example
 * useQuery(assetChecksQuery('raw/orders'));
 */
export const assetChecksQuery = (key: string) =>
  queryOptions({
    queryKey: ['asset', key, 'checks'],
    queryFn: ({ signal }) => graphqlRequest(AssetChecksQuery, { key }, { signal }),
  });

export const RunChecksMutation = graphql(`
  mutation RunChecks($selection: String!, $partition: String) {
    runChecks(selection: $selection, partition: $partition) {
      __typename
      ... on RunChecksSuccess { passed failed failedErrors ok notMaterialized { assetKey partitionKey } }
      ... on UserError { code message hint }
    }
  }
`);
