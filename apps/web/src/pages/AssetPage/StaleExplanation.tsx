import type { AssetData } from '../../api/queries/asset';
import { Link, assetHref } from '../../router';
import { plainRootCauses } from './plain-root-causes';

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
 * Why an asset is stale, in plain words: the root causes (what changed, where, over how many
 * partitions), then behind a "Details" toggle each cause's chain with the exact versions and hashes.
 * With `pending`, the asset is fresh and the causes are the out-of-date upstreams it reads.
 *
 * @example
 * <StaleExplanation causes={asset.staleCauses} />
 */
export function StaleExplanation({ causes, compact = false, pending = false }: { causes: readonly Cause[]; compact?: boolean; pending?: boolean }) {
  if (causes.length === 0) return <p className="subtle" style={{ margin: 0 }}>Up to date: nothing it depends on has changed since it was last materialized.</p>;
  const roots = plainRootCauses(causes.flatMap((c) => c.rootCauses ?? []));
  const shown = causes.slice(0, compact ? 2 : 6);
  const partitions = new Set(causes.map((c) => c.partitionKey).filter(Boolean));
  const trees = shown.map((c, i) => (
    <div key={i}>
      {c.partitionKey ? <div className="subtle mono" style={{ fontSize: 12 }}>partition {c.partitionKey}</div> : null}
      <CauseTree cause={c} depth={0} />
    </div>
  ));
  return (
    <div data-testid="stale-explanation">
      <h3 style={{ marginBottom: 6 }}>{pending ? 'Upstream changes pending: fresh, but what it reads is out of date' : 'Why it is stale'}</h3>
      {roots.length > 0 ? (
        <ul className="root-causes" data-testid="stale-root-causes">
          {roots.slice(0, compact ? 2 : 6).map((r) => (
            <li key={r.text} data-testid="stale-root-cause">
              {r.assetKey ? <PlainText text={r.text} assetKey={r.assetKey} /> : r.text}
              {r.partitions > 1 ? <span className="subtle"> ({r.partitions.toLocaleString()} partitions)</span> : null}
            </li>
          ))}
          {roots.length > (compact ? 2 : 6) ? <li className="subtle">and {roots.length - (compact ? 2 : 6)} more</li> : null}
        </ul>
      ) : null}
      {compact && roots.length > 0 ? null : roots.length === 0 ? trees : (
        <details className="stale-details" data-testid="stale-details">
          <summary>Details: the chain of causes, with versions</summary>
          {trees}
        </details>
      )}
      {partitions.size > shown.length ? <p className="subtle" style={{ fontSize: 12.5 }}>{partitions.size} stale partitions listed (showing {shown.length}).</p> : null}
    </div>
  );
}

/** The sentence with its asset key as a link to that asset. */
function PlainText({ text, assetKey }: { text: string; assetKey: string }) {
  const at = text.indexOf(assetKey);
  if (at < 0) return <>{text}</>;
  return <>{text.slice(0, at)}<Link href={assetHref(assetKey)} className="mono">{assetKey}</Link>{text.slice(at + assetKey.length)}</>;
}
