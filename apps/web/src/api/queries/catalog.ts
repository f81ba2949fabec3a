import { queryOptions } from '@tanstack/react-query';
import { graphql } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const CatalogQuery = graphql(`
  query Catalog {
    catalogTable
  }
`);

/** One asset as the catalog table shows it (`catalogTable` is JSON: the shape is the server's `CatalogTableRow`). */
export interface CatalogAsset {
  readonly key: string;
  readonly group: string;
  readonly description: string | null;
  readonly owners: readonly string[];
  readonly kinds: readonly string[];
  readonly isSource: boolean;
  readonly status: 'FRESH' | 'STALE' | 'MISSING' | 'FAILED' | 'IN_PROGRESS';
  readonly checkStatus: 'HEALTHY' | 'WARN' | 'FAILING' | 'NONE' | 'NOT_RUN';
  readonly freshness: { readonly status: 'FRESH' | 'WARN' | 'OVERDUE' | 'UNKNOWN'; readonly lastMaterializedAt: number | null };
}

/**
 * Every asset with what the catalog table shows (one request: the table sorts and filters in the browser).
 * One JSON field rather than `lineage { nodes { … } }`: the server answers 10,000 assets several times faster.
 *
 * @example
 * const { data } = useQuery(catalogQuery());
 */
export const catalogQuery = () =>
  queryOptions({
    queryKey: ['catalog'],
    queryFn: async ({ signal }) => (await graphqlRequest(CatalogQuery, {}, { signal })).catalogTable as CatalogAsset[],
    refetchInterval: 10_000,
  });
