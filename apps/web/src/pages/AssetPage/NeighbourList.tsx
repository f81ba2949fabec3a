import { memo } from 'react';
import { StatusBadge, statusLabel } from '../../components/StatusBadge';
import { Link, assetHref } from '../../router';

/** An asset next to this one: its key and status. */
export interface Neighbour {
  readonly key: string;
  readonly status: string;
}

/**
 * The direct upstream or downstream assets of an asset, by name, each a link to its page: what the
 * Neighbourhood graph shows, readable at any zoom of that small graph (and to keyboards and screen readers).
 */
export const NeighbourList = memo(function NeighbourList({ which, neighbours }: { which: 'upstream' | 'downstream'; neighbours: readonly Neighbour[] }) {
  return (
    <div className="neighbour-list" data-testid={`neighbours-${which}`}>
      <span className="subtle neighbour-list-label">{which === 'upstream' ? 'Upstream' : 'Downstream'}</span>
      <span className="neighbour-items">
        {neighbours.length === 0 ? <span className="subtle">none</span> : neighbours.map((n) => (
          <span key={n.key} className="neighbour" title={statusLabel(n.status)}>
            <StatusBadge status={n.status} />
            <Link href={assetHref(n.key)} className="mono">{n.key}</Link>
          </span>
        ))}
      </span>
    </div>
  );
});
