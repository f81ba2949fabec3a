import type { QueryClient } from '@tanstack/react-query';
import { catalogQuery } from '../api/queries/catalog';
import type { Route } from '../router';

/**
 * Starts the query a page opened directly needs before React's first render, which otherwise came first (the
 * request left only once the rendered page subscribed). The page's `useQuery` picks up the request in flight.
 * Only for the catalog: its one query is the page (10,000 assets); other pages start with several small ones.
 *
 * @example
 * prefetchRoute(client, parseRoute(location.pathname));
 */
export function prefetchRoute(client: QueryClient, route: Route): void {
  if (route.page === 'catalog') void client.prefetchQuery(catalogQuery());
}
