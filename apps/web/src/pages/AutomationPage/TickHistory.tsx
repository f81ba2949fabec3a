import { Fragment, useState } from 'react';
import type { TickItem } from '../../api/queries/automation';
import { StatusBadge } from '../../components/StatusBadge';
import { formatRelative, formatTime } from '../../format';
import { Link } from '../../router';
import { ConditionsEvaluation } from './ConditionsEvaluation';
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

/** Ticks newest first: time, status, runs launched, what it did; a click shows why (per asset for conditions). */
export function TickHistory({ ticks, expandFirst = false }: { ticks: readonly TickItem[]; expandFirst?: boolean }) {
  const [open, setOpen] = useState<string | null>(expandFirst ? (ticks[0]?.id ?? null) : null);
  return (
    <table className="table" data-testid="tick-history">
      <thead><tr><th style={{ width: 190 }}>Tick</th><th style={{ width: 100 }}>Status</th><th style={{ width: 150 }}>Runs</th><th>What happened</th></tr></thead>
      <tbody>
        {ticks.map((t) => {
          const expanded = open === t.id;
          return (
            <Fragment key={t.id}>
              <tr className="clickable" onClick={() => setOpen(expanded ? null : t.id)} data-testid="tick-row" aria-expanded={expanded}>
                <td><div>{formatTime(t.timestamp)}</div><div className="subtle" style={{ fontSize: 12 }}>{formatRelative(t.timestamp)}</div></td>
                <td><StatusBadge status={t.status} /></td>
                <td onClick={(e) => e.stopPropagation()}><RunLinks ids={t.runIds} /></td>
                <td><span className="caret" aria-hidden="true">{expanded ? '▾' : '▸'}</span> {t.summary}{t.error && t.status !== 'FAILURE' ? <span className="subtle"> — {t.error}</span> : null}</td>
              </tr>
              {expanded ? <tr className="tick-expanded"><td colSpan={4}><TickDetails tick={t} /></td></tr> : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
