import type { AssetData } from '../../api/queries/asset';
import { Link, assetHref } from '../../router';

type Cause = NonNullable<AssetData['staleCauses']>[number];
interface CauseNode {
  readonly assetKey?: string | null;
  readonly partitionKey?: string | null;
  readonly reason?: string | null;
  readonly dependencyAssetKey?: string | null;
  readonly children?: readonly CauseNode[] | null;
}

function CauseTree({ cause, depth }: { cause: CauseNode; depth: number }) {
  return (
    <div className="cause">
      <div>
        {cause.reason}
        {cause.dependencyAssetKey ? <> (<Link href={assetHref(cause.dependencyAssetKey)} className="mono">{cause.dependencyAssetKey}</Link>)</> : null}
      </div>
      {depth < 3 ? (cause.children ?? []).slice(0, 5).map((c, i) => <CauseTree key={i} cause={c} depth={depth + 1} />) : null}
    </div>
  );
}

/**
 * Why an asset is stale, in plain words: each cause with its chain down to what actually changed.
 * With `pending`, the asset is fresh and the causes are the out-of-date upstreams it reads.
 *
 * @example
 * <StaleExplanation causes={asset.staleCauses} />
 */
export function StaleExplanation({ causes, compact = false, pending = false }: { causes: readonly Cause[]; compact?: boolean; pending?: boolean }) {
  if (causes.length === 0) return <p className="subtle" style={{ margin: 0 }}>Up to date: nothing it depends on has changed since it was last materialized.</p>;
  const roots = new Map<string, { assetKey: string | null; reason: string }>();
  for (const c of causes) for (const r of c.rootCauses ?? []) roots.set(`${r.assetKey}|${r.reason}`, { assetKey: r.assetKey ?? null, reason: r.reason ?? '' });
  const shown = causes.slice(0, compact ? 2 : 6);
  const partitions = new Set(causes.map((c) => c.partitionKey).filter(Boolean));
  return (
    <div data-testid="stale-explanation">
      <h3 style={{ marginBottom: 6 }}>{pending ? 'Upstream changes pending: fresh, but what it reads is out of date' : 'Why it is stale'}</h3>
      {roots.size > 0 ? (
        <p style={{ margin: '0 0 8px' }}>
          <b>Root cause{roots.size > 1 ? 's' : ''}:</b>{' '}
          {[...roots.values()].slice(0, 4).map((r, i) => (
            <span key={i}>{i > 0 ? '; ' : ''}{r.reason}</span>
          ))}
          {roots.size > 4 ? ` and ${roots.size - 4} more` : ''}.
        </p>
      ) : null}
      {!compact || roots.size === 0
        ? shown.map((c, i) => (
            <div key={i}>
              {c.partitionKey ? <div className="subtle mono" style={{ fontSize: 12 }}>partition {c.partitionKey}</div> : null}
              <CauseTree cause={c} depth={0} />
            </div>
          ))
        : null}
      {partitions.size > shown.length ? <p className="subtle" style={{ fontSize: 12.5 }}>{partitions.size} stale partitions listed (showing {shown.length}).</p> : null}
    </div>
  );
}
