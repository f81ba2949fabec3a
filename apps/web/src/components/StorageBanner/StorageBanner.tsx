import { useQuery } from '@tanstack/react-query';
import { storageHealthQuery } from '../../api/queries/storage-health';
import { formatTime } from '../../format';

/** A one-line banner while the server's database is unreachable; nothing otherwise. */
export function StorageBanner() {
  const { data } = useQuery(storageHealthQuery());
  const health = data?.storageHealth;
  if (!health || health.status !== 'UNREACHABLE') return null;
  return (
    <div className="storage-banner" role="alert" data-testid="storage-banner">
      Database unreachable since {formatTime(health.since)}{health.lastError ? ` (${health.lastError})` : ''}. Runs wait and resume when it answers.
    </div>
  );
}
