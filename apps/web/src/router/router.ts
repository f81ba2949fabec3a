import { useSyncExternalStore } from 'react';

/** The pages of the app, parsed from the URL path. */
export type Route =
  | { readonly page: 'lineage' }
  | { readonly page: 'catalog' }
  | { readonly page: 'asset'; readonly key: string }
  | { readonly page: 'runs' }
  | { readonly page: 'run'; readonly id: string }
  | { readonly page: 'backfills' }
  | { readonly page: 'backfill-new' }
  | { readonly page: 'backfill'; readonly id: string }
  | { readonly page: 'automation' }
  | { readonly page: 'automation-detail'; readonly name: string }
  | { readonly page: 'not-found'; readonly path: string };

/**
 * Parses a path into a route. Asset keys contain slashes, so `/assets/raw/users` is the asset `raw/users`.
 *
 * @example
 * parseRoute('/assets/raw/users'); // { page: 'asset', key: 'raw/users' }
 */
export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/lineage') return { page: 'lineage' };
  if (path === '/catalog' || path === '/assets') return { page: 'catalog' };
  if (path.startsWith('/assets/')) return { page: 'asset', key: decodeURIComponent(path.slice('/assets/'.length)) };
  if (path === '/runs') return { page: 'runs' };
  if (path.startsWith('/runs/')) return { page: 'run', id: decodeURIComponent(path.slice('/runs/'.length)) };
  if (path === '/backfills') return { page: 'backfills' };
  if (path === '/backfills/new') return { page: 'backfill-new' };
  if (path.startsWith('/backfills/')) return { page: 'backfill', id: decodeURIComponent(path.slice('/backfills/'.length)) };
  if (path === '/automation') return { page: 'automation' };
  if (path.startsWith('/automation/')) return { page: 'automation-detail', name: decodeURIComponent(path.slice('/automation/'.length)) };
  return { page: 'not-found', path };
}

/**
 * The URL of an asset's page (each key segment encoded, slashes kept).
 *
 * @example
 * assetHref('raw/users'); // '/assets/raw/users'
 */
export function assetHref(key: string): string {
  return `/assets/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The URL of the lineage graph filtered by `selection` (all assets when empty), with `asset` selected: its
 * side panel open, and the view centred on it.
 *
 * @example
 * lineageHref('1+raw/users+1', 'raw/users'); // '/?select=1%2Braw%2Fusers%2B1&asset=raw%2Fusers'
 */
export function lineageHref(selection: string, asset?: string): string {
  const params = new URLSearchParams();
  if (selection) params.set('select', selection);
  if (asset) params.set('asset', asset);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

/**
 * Moves to `href` with the history API (no reload) and re-renders subscribers.
 *
 * @example
 * navigate('/runs?status=FAILURE');
 */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.scrollTo?.(0, 0);
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current location (path + search), re-rendering on navigation. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, () => location.pathname + location.search);
  const url = new URL(href, 'http://x');
  return { pathname: url.pathname, search: url.searchParams };
}

/** Updates one search parameter in place (replace), e.g. the lineage filter box. */
export function setSearchParam(name: string, value: string | null): void {
  const url = new URL(location.href);
  if (value === null || value === '') url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  navigate(url.pathname + url.search, { replace: true });
}
