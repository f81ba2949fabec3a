import { queryOptions } from '@tanstack/react-query';
import { graphql } from '../graphql';
import { graphqlRequest } from '../graphql-request';

export const StorageHealthQuery = graphql(`
  query StorageHealth {
    storageHealth { status since lastError }
  }
`);

/**
 * Whether the server's database answers (answered from the server's memory, even during an outage),
 * polled every 5 s.
 *
 * @example
 * const { data } = useQuery(storageHealthQuery());
 */
export const storageHealthQuery = () =>
  queryOptions({
    queryKey: ['storageHealth'],
    queryFn: ({ signal }) => graphqlRequest(StorageHealthQuery, {}, { signal }),
    refetchInterval: 5_000,
  });
