export { parseRoute, assetHref, lineageHref, navigate, useLocation, setSearchParam } from './router';
export type { Route } from './router';
export { Link } from './Link';
