import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const CatalogQuery = graphql(`
  query Catalog {
    lineage {
      nodes { key group description owners kinds isSource status checkStatus freshness { status lastMaterializedAt } }
    }
  }
`);
export type CatalogAsset = ResultOf<typeof CatalogQuery>['lineage']['nodes'][number];

/**
 * Every asset with what the catalog table shows (one request: the table sorts and filters in the browser).
 *
 * @example
 * const { data } = useQuery(catalogQuery());
 */
export const catalogQuery = () =>
  queryOptions({
    queryKey: ['catalog'],
    queryFn: ({ signal }) => graphqlRequest(CatalogQuery, {}, { signal }),
    refetchInterval: 10_000,
  });
