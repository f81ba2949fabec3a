import { showToast } from './toast-store';

/**
 * Says what a launch queued, with a link to it: the backfill, the one run, or the runs list.
 *
 * @example
 * announceLaunch({ runs: [{ id: 'r1' }], backfill: null });
 */
export function announceLaunch(result: { runs?: readonly { id?: string | null }[] | null; backfill?: { id?: string | null } | null }, runCount?: number): void {
  const runs = (result.runs ?? []).map((r) => r.id).filter((id): id is string => !!id);
  const count = runCount ?? runs.length;
  const what = `${count.toLocaleString()} run${count === 1 ? '' : 's'}`;
  if (result.backfill?.id) showToast({ message: `Launched ${what} as a backfill`, link: { href: `/backfills/${result.backfill.id}`, label: 'View backfill' } });
  else if (runs.length === 1) showToast({ message: `Launched ${what}`, link: { href: `/runs/${runs[0]}`, label: 'View run' } });
  else showToast({ message: `Launched ${what}`, link: { href: '/runs', label: 'View runs' } });
}
