import { QueryClient } from '@tanstack/react-query';
import { GraphQLRequestError } from './graphql-error';

/**
 * The app's one QueryClient: short staleness (the server's state changes under us), no retries on
 * errors the server explained (bad input, not found), a couple on network failures.
 *
 * @example
 * <QueryClientProvider client={createQueryClient()}>…</QueryClientProvider>
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 2000,
        refetchOnWindowFocus: true,
        retry: (count, error) => !(error instanceof GraphQLRequestError && error.status !== 0) && count < 2,
      },
    },
  });
}
