import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const MaterializationFields = graphql(`
  fragment MaterializationFields on Materialization @_unmask {
    id assetKey partitionKey runId stepKey timestamp dataVersion codeVersion metadata
  }
`);

export const AssetQuery = graphql(
  `
  query Asset($key: String!) {
    asset(key: $key) {
      key description group owners kinds codeVersion sql metadata isSource status upstreamChangesPending
      tags { key value }
      upstreamKeys downstreamKeys
      partitioning { kind id description partitionCount dynamicName spec }
      staleCauses(limit: 20) {
        assetKey partitionKey category type reason dependencyAssetKey dependencyPartitionKey
        children {
          assetKey partitionKey category type reason dependencyAssetKey dependencyPartitionKey
          children { assetKey partitionKey category type reason dependencyAssetKey dependencyPartitionKey }
        }
        rootCauses { assetKey partitionKey type reason dependencyAssetKey dependencyPartitionKey }
      }
      latestMaterialization { ...MaterializationFields }
      materializations(first: 25) { nodes { ...MaterializationFields } pageInfo { endCursor hasNextPage } }
      observations(first: 10) { nodes { id partitionKey timestamp dataVersion } }
    }
  }
`,
  [MaterializationFields],
);
export type AssetData = NonNullable<ResultOf<typeof AssetQuery>['asset']>;

/**
 * One asset's definition, status, stale causes, latest materialization and history.
 *
 * @example
 * useQuery(assetQuery('raw/users'));
 */
export const assetQuery = (key: string) =>
  queryOptions({
    queryKey: ['asset', key],
    queryFn: ({ signal }) => graphqlRequest(AssetQuery, { key }, { signal }),
  });

export const PartitionStatusQuery = graphql(`
  query PartitionStatus($key: String!) {
    asset(key: $key) {
      key
      partitioning { kind partitionCount spec }
      partitionStatus {
        total
        counts { fresh stale missing failed inProgress }
        ranges(limit: 2000) { status firstKey lastKey count mixed }
      }
    }
  }
`);
export type PartitionStatusData = ResultOf<typeof PartitionStatusQuery>;

/**
 * An asset's partition statuses as compact ranges (one small answer even for 100,000 partitions). At most
 * 2,000 ranges, about the bar's width in pixels: a million partitions with every tenth materialized are
 * 200,000 runs (18 MB); beyond 2,000 the server merges them into equal spans of their worst status (`mixed`).
 *
 * @example
 * useQuery(partitionStatusQuery('events/hourly'));
 */
export const partitionStatusQuery = (key: string) =>
  queryOptions({
    queryKey: ['asset', key, 'partitions'],
    queryFn: ({ signal }) => graphqlRequest(PartitionStatusQuery, { key }, { signal }),
  });

export const PartitionLineageQuery = graphql(
  `
  query PartitionLineage($id: ID!, $depth: Int!) {
    partitionLineage(materializationId: $id, depth: $depth) {
      truncated
      root { ...MaterializationFields }
      nodes { ...MaterializationFields }
      edges { from to }
    }
  }
`,
  [MaterializationFields],
);

/**
 * The upstream materializations one materialization consumed, recursively.
 *
 * @example
 * useQuery(partitionLineageQuery('m-42'));
 */
export const partitionLineageQuery = (id: string, depth = 4) =>
  queryOptions({
    queryKey: ['partition-lineage', id, depth],
    queryFn: ({ signal }) => graphqlRequest(PartitionLineageQuery, { id, depth }, { signal }),
  });

export const AssetSearchQuery = graphql(`
  query AssetSearch($search: String!) {
    assets(filter: { search: $search }, first: 20) { nodes { key group status } totalCount }
  }
`);
