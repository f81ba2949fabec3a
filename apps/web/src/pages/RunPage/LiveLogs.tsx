import { useEffect, useRef, useState } from 'react';
import type { RunEventItem } from '../../api/queries/runs';
import { format } from 'date-fns';

/** The run's log and events, following the bottom as new lines stream in; filter by step or text. */
export function LiveLogs({ events, live, error }: { events: readonly RunEventItem[]; live: boolean; error: string | null }) {
  const box = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [follow, setFollow] = useState(true);
  const q = query.trim().toLowerCase();
  const shown = q ? events.filter((e) => `${e.stepKey ?? ''} ${e.message ?? ''} ${e.type ?? ''}`.toLowerCase().includes(q)) : events;
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown.length, follow]);
  return (
    <div className="card" data-testid="run-logs">
      <div className="card-head">
        <h2>Logs</h2>
        {live ? <span className="live" data-testid="logs-live">Live</span> : <span className="subtle" style={{ fontSize: 12 }}>{events.length} events</span>}
        <span className="spacer" />
        <input className="input" placeholder="Filter logs" value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 200, height: 28 }} aria-label="Filter logs" />
        <label className="subtle" style={{ fontSize: 12, display: 'flex', gap: 4, alignItems: 'center' }}><input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />Follow</label>
      </div>
      {error ? <div className="error-box" style={{ margin: 12 }}>Live updates stopped: {error}</div> : null}
      <div className="logs" ref={box} onScroll={(e) => {
        const el = e.currentTarget;
        setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
      }}>
        {shown.length === 0 ? <div className="line"><span className="t" /><span /><span /><span className="t">Waiting for events…</span></div> : null}
        {shown.map((e) => {
          const level = (e.level ?? 'info').toLowerCase();
          return (
            <div className="line" key={e.seq} data-testid="log-line">
              <span className="t">{e.timestamp ? format(e.timestamp, 'HH:mm:ss.SSS') : ''}</span>
              {e.type === 'log' || e.type === 'LOG' || !e.type ? <span className={`lvl-${level}`}>{level.toUpperCase()}</span> : <span className="ty">{e.type.toLowerCase().replace(/_/g, ' ')}</span>}
              <span className="step" title={e.stepKey ?? ''}>{e.stepKey ?? ''}</span>
              <span>{e.message}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
