export { formatDuration, formatTime, formatAgo, formatPartition } from './format';
export { formatRelative } from './format-relative';
