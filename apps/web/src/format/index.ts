export { formatDuration, formatTime, formatAgo, formatPartition } from './format';
