import { useQuery } from '@tanstack/react-query';
import { CONDITIONS_NAME, automationQuery } from '../../api/queries/automation';
import { ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatRelative, formatTime } from '../../format';
import { Link, navigate } from '../../router';
import { automationRows } from './automation-rows';
import { AutomationToggle } from './AutomationToggle';
import { EmptyAutomation } from './EmptyAutomation';
import { NextTick } from './NextTick';

const detailHref = (name: string) => `/automation/${encodeURIComponent(name)}`;

/** Schedules and sensors (cadence, target, start/stop, next and last tick) and the declarative conditions' latest tick. */
export function AutomationPage() {
  const { data, error, isPending, refetch } = useQuery(automationQuery());
  if (isPending) return <div className="page"><Loading label="Loading automation…" /></div>;
  if (error) return <div className="page"><ErrorState error={error} onRetry={() => void refetch()} /></div>;
  const rows = automationRows(data.schedules, data.sensors);
  const conditions = data.conditions.nodes[0] ?? null;
  const running = rows.filter((r) => r.running).length;

  return (
    <div className="page" data-testid="automation-page">
      <div className="page-header">
        <h1>Automation</h1>
        {rows.length ? <span className="subtle">{rows.length} defined · {running} running</span> : null}
      </div>
      {rows.length === 0 && !conditions ? (
        <div className="card"><EmptyAutomation /></div>
      ) : (
        <>
          <div className="card">
            <div className="card-head"><h2>Schedules and sensors</h2><span className="spacer" /><span className="subtle">the daemon evaluates every 30 s in <code>baton dev</code> and <code>baton daemon</code></span></div>
            {rows.length === 0 ? (
              <p className="subtle" style={{ margin: 0, padding: '14px 16px' }}>No schedules or sensors: only the asset conditions below request runs.</p>
            ) : (
              <table className="table" data-testid="automation-table">
                <thead><tr><th>Name</th><th>Kind</th><th>When</th><th>Target</th><th>Status</th><th>Next tick</th><th>Last tick</th></tr></thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.kind}:${r.name}`} className="clickable" onClick={() => navigate(detailHref(r.name))} data-testid="automation-row" data-name={r.name}>
                      <td><Link className="mono" href={detailHref(r.name)} style={{ fontWeight: 600 }}>{r.name}</Link>{r.description ? <div className="subtle" style={{ fontSize: 12 }}>{r.description}</div> : null}</td>
                      <td><span className={`chip kind-${r.kind}`}>{r.kind}</span></td>
                      <td><span className="mono">{r.cadence}</span>{r.timezone ? <div className="subtle" style={{ fontSize: 12 }}>{r.timezone}</div> : null}</td>
                      <td className="mono" style={{ maxWidth: 240, overflowWrap: 'anywhere' }}>{r.target}</td>
                      <td onClick={(e) => e.stopPropagation()}><AutomationToggle kind={r.kind} name={r.name} running={r.running} /></td>
                      <td><NextTick at={r.nextTickAt} running={r.running} /></td>
                      <td>
                        {r.lastTick ? (
                          <div className="stack" style={{ gap: 2 }}>
                            <span className="row" style={{ gap: 6 }}><StatusBadge status={r.lastTick.status} /><span className="subtle" style={{ fontSize: 12 }} title={formatTime(r.lastTick.timestamp)}>{formatRelative(r.lastTick.timestamp)}</span></span>
                            <span className="subtle clamp" style={{ fontSize: 12 }} title={r.lastTick.summary}>{r.lastTick.summary}</span>
                          </div>
                        ) : <span className="subtle">never</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div className="card" data-testid="conditions-card">
            <div className="card-head">
              <h2>Asset conditions</h2>
              <span className="spacer" />
              <Link href={detailHref(CONDITIONS_NAME)}>Tick history →</Link>
            </div>
            <div className="card-body">
              {conditions ? (
                <div className="row" style={{ gap: 10 }}>
                  <StatusBadge status={conditions.status} />
                  <span>{conditions.summary}</span>
                  <span className="subtle" title={formatTime(conditions.timestamp)}>{formatRelative(conditions.timestamp)}</span>
                </div>
              ) : (
                <p className="subtle" style={{ margin: 0 }}>No asset has an automation condition (<code>automation: eager()</code>, <code>onCron(…)</code>, <code>onMissing()</code>), so the daemon requests nothing on its own.</p>
              )}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
