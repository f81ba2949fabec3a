export { StatusBadge, statusClass, statusLabel } from './StatusBadge';
