export { StatusBadge, statusClass } from './StatusBadge';
