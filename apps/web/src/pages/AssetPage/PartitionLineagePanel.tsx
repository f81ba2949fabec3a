import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { partitionLineageQuery } from '../../api/queries/asset';
import { ErrorState, Loading } from '../../components/States';
import { formatTime } from '../../format';
import { Link, assetHref } from '../../router';

/**
 * Partition lineage of one materialization: the upstream materializations (asset, partition, data version)
 * it consumed, level by level.
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
  const byId = new Map((pl.nodes ?? []).map((n) => [n.id, n]));
  const children = new Map<string, string[]>();
  for (const e of pl.edges ?? []) {
    if (!e.from || !e.to) continue;
    // `from` (an upstream materialization) was consumed by `to`.
    children.set(e.to, [...(children.get(e.to) ?? []), e.from]);
  }
  const render = (id: string, depth: number, seen: Set<string>): ReactNode => {
    const m = id === pl.root!.id ? pl.root! : byId.get(id);
    if (!m || seen.has(id)) return null;
    const next = new Set(seen).add(id);
    return (
      <div key={`${id}-${depth}`} style={{ marginLeft: depth * 18, borderLeft: depth ? '2px solid var(--border)' : undefined, paddingLeft: depth ? 10 : 0, marginTop: 6 }}>
        <Link href={assetHref(m.assetKey ?? '')} className="mono">{m.assetKey}</Link>
        {m.partitionKey ? <span className="chip" style={{ marginLeft: 6 }}>{m.partitionKey}</span> : null}
        <span className="subtle" style={{ fontSize: 12, marginLeft: 8 }}>{formatTime(m.timestamp)} · data {(m.dataVersion ?? '').slice(0, 10)}</span>
        {(children.get(id) ?? []).map((c) => render(c, depth + 1, next))}
      </div>
    );
  };
  return (
    <div data-testid="partition-lineage">
      {render(pl.root.id ?? '', 0, new Set())}
      {(pl.edges ?? []).length === 0 ? <p className="subtle" style={{ fontSize: 12.5 }}>It consumed no upstream materializations (a root asset).</p> : null}
      {pl.truncated ? <p className="subtle" style={{ fontSize: 12.5 }}>Truncated: deeper inputs not shown.</p> : null}
    </div>
  );
}
