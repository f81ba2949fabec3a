import { memo } from 'react';

const LABELS: Readonly<Record<string, string>> = { HEALTHY: 'Checks pass', WARN: 'Check warning', FAILING: 'Failing checks', NONE: 'Not checked' };

/** A pill for an asset's check status (HEALTHY, WARN, FAILING, NONE). */
export const CheckStatusBadge = memo(function CheckStatusBadge({ status }: { status: string }) {
  return <span className={`status checks-${status.toLowerCase()}`} data-testid="check-status" data-status={status}>{LABELS[status] ?? status.toLowerCase()}</span>;
});
