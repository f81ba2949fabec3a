export { parseRoute, assetHref, navigate, useLocation, setSearchParam } from './router';
export type { Route } from './router';
export { Link } from './Link';
