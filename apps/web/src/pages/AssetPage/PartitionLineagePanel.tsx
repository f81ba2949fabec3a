import { useQuery } from '@tanstack/react-query';
import { partitionLineageQuery } from '../../api/queries/asset';
import { ErrorState, Loading } from '../../components/States';
import { formatTime } from '../../format';
import { Link, assetHref } from '../../router';
import { lineageLevels } from './lineage-levels';

const SHOWN_KEYS = 12;

function PartitionKeys({ keys }: { keys: readonly string[] }) {
  if (keys.length === 0) return null;
  if (keys.length <= 3) return <>{keys.map((k) => <span key={k} className="chip">{k}</span>)}</>;
  return (
    <details className="lineage-keys">
      <summary><span className="chip">{keys[0]}</span> … <span className="chip">{keys[keys.length - 1]}</span> <span className="subtle">({keys.length.toLocaleString()} partitions)</span></summary>
      <div className="row" style={{ gap: 4, flexWrap: 'wrap', marginTop: 4 }}>
        {keys.slice(0, SHOWN_KEYS).map((k) => <span key={k} className="chip">{k}</span>)}
        {keys.length > SHOWN_KEYS ? <span className="subtle">and {(keys.length - SHOWN_KEYS).toLocaleString()} more</span> : null}
      </div>
    </details>
  );
}

/**
 * Partition lineage of one materialization: what it consumed, level by level (directly, then further
 * upstream), each upstream asset once per level with its partitions listed once.
 *
 * @example
 * <PartitionLineagePanel materializationId="42" />
 */
export function PartitionLineagePanel({ materializationId }: { materializationId: string }) {
  const { data, error, isPending } = useQuery(partitionLineageQuery(materializationId));
  if (isPending) return <Loading label="Tracing inputs…" />;
  if (error) return <ErrorState error={error} />;
  const pl = data?.partitionLineage;
  if (!pl?.root) return <p className="subtle">This materialization no longer exists.</p>;
  const root = pl.root;
  const levels = lineageLevels(root.id, pl.nodes ?? [], (pl.edges ?? []).filter((e) => e.from && e.to));
  return (
    <div data-testid="partition-lineage">
      <div>
        <Link href={assetHref(root.assetKey)} className="mono">{root.assetKey}</Link>
        {root.partitionKey ? <span className="chip" style={{ marginLeft: 6 }}>{root.partitionKey}</span> : null}
        <span className="subtle" style={{ fontSize: 12, marginLeft: 8 }}>{formatTime(root.timestamp)} · data {(root.dataVersion ?? '').slice(0, 10)}</span>
      </div>
      {levels.map((level) => (
        <div key={level.depth} className="lineage-level" data-testid="lineage-level" data-depth={level.depth}>
          <h3>{level.depth === 1 ? 'Consumed directly' : `${level.depth} steps upstream`}</h3>
          {level.assets.map((a) => (
            <div key={a.assetKey} className="lineage-asset" data-testid="lineage-asset" data-key={a.assetKey} data-partitions={a.partitionKeys.length}>
              <Link href={assetHref(a.assetKey)} className="mono">{a.assetKey}</Link>
              <PartitionKeys keys={a.partitionKeys} />
              <span className="subtle" style={{ fontSize: 12 }}>newest {formatTime(a.newest)}</span>
            </div>
          ))}
        </div>
      ))}
      {levels.length === 0 ? <p className="subtle" style={{ fontSize: 12.5 }}>It consumed no upstream materializations (a root asset).</p> : null}
      {pl.truncated ? <p className="subtle" style={{ fontSize: 12.5 }}>Truncated: deeper inputs not shown.</p> : null}
    </div>
  );
}
