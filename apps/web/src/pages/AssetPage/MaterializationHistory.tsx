import type { AssetData } from '../../api/queries/asset';
import { formatAgo, formatTime } from '../../format';
import { Link } from '../../router';

type Mat = NonNullable<NonNullable<AssetData['materializations']>['nodes']>[number];

/** Materialization history, newest first; picking one shows its partition lineage. */
export function MaterializationHistory({ items, selectedId, onPick }: { items: readonly Mat[]; selectedId: string | null; onPick: (id: string) => void }) {
  if (items.length === 0) return <p className="subtle" style={{ padding: '0 16px' }}>Never materialized.</p>;
  return (
    <table className="table" data-testid="materialization-history">
      <thead><tr><th>When</th><th>Partition</th><th>Data version</th><th>Run</th><th /></tr></thead>
      <tbody>
        {items.map((m) => (
          <tr key={m.id} className={`clickable${m.id === selectedId ? ' selected' : ''}`} onClick={() => m.id && onPick(m.id)} style={m.id === selectedId ? { background: 'var(--accent-soft)' } : undefined}>
            <td title={formatTime(m.timestamp)}>{formatAgo(m.timestamp)}</td>
            <td className="mono">{m.partitionKey ?? <span className="subtle">—</span>}</td>
            <td className="mono subtle">{(m.dataVersion ?? '').slice(0, 12)}</td>
            <td>{m.runId ? <Link href={`/runs/${m.runId}`} className="mono" onClick={(e) => e.stopPropagation()}>{m.runId.slice(0, 8)}</Link> : '—'}</td>
            <td><span className="subtle" style={{ fontSize: 12 }}>lineage →</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
