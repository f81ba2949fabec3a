import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const LineageQuery = graphql(`
  query Lineage($selection: String) {
    lineage(selection: $selection) {
      nodes { key group status upstreamChangesPending checkStatus kinds isSource partitioning { kind partitionCount } }
      edges { from to }
    }
    definitionsStatus { ok assetCount error { message file assetKey code } typeCheck typeErrors { file line column code message } }
  }
`);
export type LineageData = ResultOf<typeof LineageQuery>;

/**
 * The lineage graph (nodes with status, edges) for a selection; all assets when empty.
 *
 * @example
 * const { data } = useQuery(lineageQuery('+group:marts'));
 */
export const lineageQuery = (selection: string) =>
  queryOptions({
    queryKey: ['lineage', selection],
    queryFn: ({ signal }) => graphqlRequest(LineageQuery, { selection: selection.trim() || null }, { signal }),
    placeholderData: (previous) => previous,
  });

export const NeighbourhoodQuery = graphql(`
  query Neighbourhood($key: String!, $depth: Int!) {
    lineage(around: { assetKey: $key, upstreamDepth: $depth, downstreamDepth: $depth }) {
      nodes { key group status upstreamChangesPending checkStatus kinds isSource partitioning { kind partitionCount } }
      edges { from to }
    }
  }
`);

/**
 * An asset's upstream and downstream neighbourhood, `depth` levels each way.
 *
 * @example
 * useQuery(neighbourhoodQuery('raw/users', 2));
 */
export const neighbourhoodQuery = (key: string, depth = 2) =>
  queryOptions({
    queryKey: ['lineage', 'around', key, depth],
    queryFn: ({ signal }) => graphqlRequest(NeighbourhoodQuery, { key, depth }, { signal }),
  });

export const SelectionPartitioningsQuery = graphql(`
  query SelectionPartitionings($selection: String) {
    lineage(selection: $selection) {
      nodes { key isSource partitioning { id kind label partitionCount dimensions { name kind label keyCount keys } } }
    }
  }
`);

/**
 * The partitionings of the assets a selection picks (the backfill launcher asks a range for each).
 *
 * @example
 * useQuery(selectionPartitioningsQuery('group:rollups'));
 */
export const selectionPartitioningsQuery = (selection: string) =>
  queryOptions({
    queryKey: ['lineage', 'partitionings', selection],
    queryFn: ({ signal }) => graphqlRequest(SelectionPartitioningsQuery, { selection: selection.trim() || null }, { signal }),
    retry: false,
  });
