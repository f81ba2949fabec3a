import { memo } from 'react';

const LABELS: Record<string, string> = {
  FRESH: 'Fresh', STALE: 'Stale', MISSING: 'Missing', FAILED: 'Failed', IN_PROGRESS: 'Running',
  QUEUED: 'Queued', STARTING: 'Starting', RUNNING: 'Running', SUCCESS: 'Success', FAILURE: 'Failed',
  CANCELING: 'Canceling', CANCELED: 'Canceled', PENDING: 'Pending', SKIPPED: 'Skipped',
  COMPLETED: 'Completed', COMPLETED_WITH_FAILURES: 'Completed with failures', CANCELLED: 'Canceled', PAUSED: 'Paused',
  // backfills, in the same words as runs: running, succeeded, failed, canceled
  REQUESTED: 'Running', FAILING: 'Running · failures', COMPLETED_SUCCESS: 'Succeeded', COMPLETED_FAILED: 'Failed',
};

/** The CSS status class of an API status value (`IN_PROGRESS` → `in_progress`). */
export function statusClass(status: string): string {
  return status.toLowerCase();
}

/** The words for an API status value (`IN_PROGRESS` → `Running`; an unknown one in lower case). */
export function statusLabel(status: string): string {
  return LABELS[status] ?? status.toLowerCase().replace(/_/g, ' ');
}

/** A coloured pill for an asset, run, step or backfill status. */
export const StatusBadge = memo(function StatusBadge({ status }: { status: string }) {
  return <span className={`status ${statusClass(status)}`} data-status={status}>{statusLabel(status)}</span>;
});
