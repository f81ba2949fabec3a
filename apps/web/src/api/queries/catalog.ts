import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const CatalogQuery = graphql(`
  query Catalog {
    catalogTable
  }
`);

/**
 * The fields of an asset the catalog shows. Never sent: it types `catalogTable`'s rows from the schema, which
 * promises (and a graphql test checks) that they hold what these fields of `lineage { nodes }` hold.
 */
const CatalogAssetFields = graphql(`
  fragment CatalogAssetFields on Asset @_unmask {
    key group description owners kinds isSource status checkStatus freshness { status lastMaterializedAt }
  }
`);

/** One asset as the catalog table shows it. */
export type CatalogAsset = ResultOf<typeof CatalogAssetFields>;

/** `catalogTable` as the server sends it (its `CatalogTableColumns`): entry i of each list is asset keys[i]. */
interface CatalogColumns {
  readonly keys: readonly string[];
  readonly groups: readonly string[];
  readonly descriptions: readonly (string | null)[];
  readonly owners: readonly string[][];
  readonly kinds: readonly string[][];
  readonly isSource: readonly boolean[];
  readonly status: readonly CatalogAsset['status'][];
  readonly checkStatus: readonly CatalogAsset['checkStatus'][];
  readonly freshnessStatus: readonly CatalogAsset['freshness']['status'][];
  readonly lastMaterializedAt: readonly (number | null)[];
}

/** The rows of a `catalogTable` answer, in its (key) order. */
export function catalogAssets(c: CatalogColumns): CatalogAsset[] {
  const rows: CatalogAsset[] = new Array(c.keys.length);
  for (let i = 0; i < c.keys.length; i++) {
    rows[i] = {
      key: c.keys[i]!,
      group: c.groups[i]!,
      description: c.descriptions[i] ?? null,
      owners: c.owners[i]!,
      kinds: c.kinds[i]!,
      isSource: c.isSource[i]!,
      status: c.status[i]!,
      checkStatus: c.checkStatus[i]!,
      freshness: { status: c.freshnessStatus[i]!, lastMaterializedAt: c.lastMaterializedAt[i] ?? null },
    };
  }
  return rows;
}

/**
 * Every asset with what the catalog table shows (one request: the table sorts and filters in the browser).
 * One JSON field, column by column, rather than `lineage { nodes { … } }`: the server answers 10,000 assets
 * several times faster, in less than half the bytes.
 *
 * @example
 * const { data } = useQuery(catalogQuery());
 */
export const catalogQuery = () =>
  queryOptions({
    queryKey: ['catalog'],
    queryFn: async ({ signal }) => catalogAssets((await graphqlRequest(CatalogQuery, {}, { signal })).catalogTable as CatalogColumns),
    refetchInterval: 10_000,
  });
