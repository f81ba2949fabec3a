import { memo } from 'react';

const LABELS: Readonly<Record<string, string>> = { FRESH: 'Fresh', WARN: 'Warning', OVERDUE: 'Overdue', UNKNOWN: 'Unknown' };

/** A pill for an asset's health against its freshness policy (FRESH, WARN, OVERDUE, UNKNOWN). */
export const FreshnessBadge = memo(function FreshnessBadge({ status }: { status: string }) {
  return <span className={`status fresh-${status.toLowerCase()}`} data-status={status}>{LABELS[status] ?? status.toLowerCase()}</span>;
});
