import { Fragment, useState } from 'react';
import type { TickItem } from '../../api/queries/automation';
import { StatusBadge } from '../../components/StatusBadge';
import { formatRelative, formatTime } from '../../format';
import { Link } from '../../router';
import { ConditionsEvaluation } from './ConditionsEvaluation';
import { groupTicks } from './group-ticks';
import { conditionsOf, scheduleTicksOf } from './tick-evaluation';

function RunLinks({ ids }: { ids: readonly string[] }) {
  if (ids.length === 0) return <span className="subtle">none</span>;
  return (
    <span className="row" style={{ gap: 6 }}>
      {ids.slice(0, 4).map((id) => <Link key={id} className="mono" href={`/runs/${id}`} data-testid="tick-run-link">{id.slice(0, 8)}</Link>)}
      {ids.length > 4 ? <span className="subtle">+{ids.length - 4}</span> : null}
    </span>
  );
}

function TickDetails({ tick }: { tick: TickItem }) {
  const assets = conditionsOf(tick.evaluation);
  const { fired, skipped } = scheduleTicksOf(tick.evaluation);
  return (
    <div className="tick-details">
      {tick.error ? <div className="error-box">{tick.error}</div> : null}
      {fired.length || skipped.length ? (
        <p className="muted" style={{ margin: 0 }}>
          {fired.length ? <>Fired for <span className="mono">{fired.join(', ')}</span>. </> : null}
          {skipped.length ? <>Skipped (catch-up policy): <span className="mono">{skipped.join(', ')}</span>.</> : null}
        </p>
      ) : null}
      {tick.requests.length ? (
        <div>
          <h3 style={{ marginBottom: 6 }}>Requested</h3>
          <ul className="reasons">
            {tick.requests.map((r, i) => (
              <li key={i} className="mono">{r.assetKeys.join(', ')}{r.partitionKeys?.length ? ` [${r.partitionKeys.length === 1 ? r.partitionKeys[0] : `${r.partitionKeys[0]} … ${r.partitionKeys[r.partitionKeys.length - 1]} (${r.partitionKeys.length})`}]` : ''}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {assets.length || (tick.evaluation as { kind?: string } | null)?.kind === 'conditions' ? <ConditionsEvaluation assets={assets} /> : null}
    </div>
  );
}

function TickRow({ t, open, setOpen }: { t: TickItem; open: string | null; setOpen: (id: string | null) => void }) {
  const expanded = open === t.id;
  return (
    <Fragment>
      <tr className="clickable" onClick={() => setOpen(expanded ? null : t.id)} data-testid="tick-row" aria-expanded={expanded}>
        <td><div>{formatTime(t.timestamp)}</div><div className="subtle" style={{ fontSize: 12 }}>{formatRelative(t.timestamp)}</div></td>
        <td><StatusBadge status={t.status} /></td>
        <td onClick={(e) => e.stopPropagation()}><RunLinks ids={t.runIds} /></td>
        <td><span className="caret" aria-hidden="true">{expanded ? '▾' : '▸'}</span> {t.summary}{t.error && t.status !== 'FAILURE' ? <span className="subtle"> — {t.error}</span> : null}</td>
      </tr>
      {expanded ? <tr className="tick-expanded"><td colSpan={4}><TickDetails tick={t} /></td></tr> : null}
    </Fragment>
  );
}

/**
 * Ticks newest first: time, status, runs launched, what it did; a click shows why (per asset for
 * conditions). Consecutive quiet ticks that said the same ("no tick due") are one line, opened on click.
 */
export function TickHistory({ ticks, expandFirst = false }: { ticks: readonly TickItem[]; expandFirst?: boolean }) {
  const [open, setOpen] = useState<string | null>(expandFirst ? (ticks[0]?.id ?? null) : null);
  const [openGroups, setOpenGroups] = useState<ReadonlySet<string>>(() => new Set());
  const lines = groupTicks(ticks);
  const toggleGroup = (id: string) => setOpenGroups((prev) => {
    const next = new Set(prev);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  return (
    <table className="table" data-testid="tick-history">
      <thead><tr><th style={{ width: 190 }}>Tick</th><th style={{ width: 100 }}>Status</th><th style={{ width: 150 }}>Runs</th><th>What happened</th></tr></thead>
      <tbody>
        {lines.map((line) => {
          if (line.kind === 'tick') return <TickRow key={line.tick.id} t={line.tick} open={open} setOpen={setOpen} />;
          const newest = line.ticks[0]!;
          const oldest = line.ticks[line.ticks.length - 1]!;
          // ticks are keyed by the group's newest id: a new quiet tick starts a new key, so keep groups open by their oldest tick
          const groupKey = oldest.id;
          const expanded = openGroups.has(groupKey);
          return (
            <Fragment key={line.id}>
              <tr className="clickable tick-group" onClick={() => toggleGroup(groupKey)} data-testid="tick-group" data-count={line.ticks.length} aria-expanded={expanded}>
                <td><div>{formatTime(newest.timestamp)}</div><div className="subtle" style={{ fontSize: 12 }}>back to {formatTime(oldest.timestamp)}</div></td>
                <td><StatusBadge status={newest.status} /></td>
                <td><span className="subtle">none</span></td>
                <td><span className="caret" aria-hidden="true">{expanded ? '▾' : '▸'}</span> {line.summary} <span className="chip">× {line.ticks.length.toLocaleString()} ticks</span></td>
              </tr>
              {expanded ? line.ticks.map((t) => <TickRow key={t.id} t={t} open={open} setOpen={setOpen} />) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
