export { Loading, ErrorState, EmptyState } from './States';
