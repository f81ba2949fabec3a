import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CONDITIONS_NAME, automationDetailQuery } from '../../api/queries/automation';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { Link } from '../../router';
import { intervalText } from './automation-rows';
import { AutomationToggle } from './AutomationToggle';
import { NextTick } from './NextTick';
import { TickHistory } from './TickHistory';

const PAGE = 30;

/** One schedule or sensor (definition, start/stop, next tick) or the asset conditions, with the tick history and why. */
export function AutomationDetailPage({ name }: { name: string }) {
  const [first, setFirst] = useState(PAGE);
  const { data, error, isPending, refetch } = useQuery(automationDetailQuery(name, first));
  if (isPending) return <div className="page"><Loading label={`Loading ${name}…`} /></div>;
  if (error) return <div className="page"><ErrorState error={error} onRetry={() => void refetch()} title={`Cannot show ${name}`} /></div>;
  const { schedule, sensor } = data;
  const isConditions = name === CONDITIONS_NAME;
  const ticks = data.automationTicks.nodes;
  if (!schedule && !sensor && !isConditions) {
    return (
      <div className="page">
        <EmptyState title={`No schedule or sensor named "${name}"`} action={<Link className="btn" href="/automation">All schedules and sensors</Link>}>
          <p className="muted">It may have been renamed or removed from <code>baton.config.ts</code>.</p>
        </EmptyState>
      </div>
    );
  }
  const kind = schedule ? 'schedule' : sensor ? 'sensor' : null;
  const running = (schedule ?? sensor)?.status === 'RUNNING';

  return (
    <div className="page" data-testid="automation-detail">
      <div className="subtle" style={{ marginBottom: 6, fontSize: 12.5 }}><Link href="/automation">Automation</Link> / {kind ?? 'conditions'}</div>
      <div className="page-header">
        <h1 className={isConditions ? '' : 'mono'} data-testid="automation-title">{isConditions ? 'Asset conditions' : name}</h1>
        {kind ? <AutomationToggle kind={kind} name={name} running={running} /> : null}
      </div>
      {schedule || sensor ? (
        <div className="card">
          <div className="card-body">
            <dl className="kv">
              {schedule ? (
                <>
                  <dt>Cron</dt><dd><span className="mono">{schedule.cron}</span> <span className="subtle">in {schedule.timezone}</span></dd>
                  <dt>Target</dt><dd className="mono">{schedule.target}{schedule.partitionKeys?.length ? ` [${schedule.partitionKeys.join(', ')}]` : ''}</dd>
                  <dt>Catch-up</dt><dd>{schedule.catchUp === 'NONE' ? 'none: ticks missed while no daemon ran are skipped' : schedule.catchUp === 'LAST' ? 'last: after downtime, only the latest missed tick runs' : 'all: after downtime, every missed tick runs'}</dd>
                  {schedule.tags.length ? <><dt>Tags</dt><dd className="row">{schedule.tags.map((t) => <span className="chip" key={t.key}>{t.key}{t.value ? `=${t.value}` : ''}</span>)}</dd></> : null}
                </>
              ) : sensor ? (
                <>
                  <dt>Type</dt><dd>{sensor.sensorType === 'ASSET' ? 'asset sensor' : sensor.sensorType === 'RUN_STATUS' ? `run-status sensor (${sensor.runStatus ?? 'any'})` : 'custom function'}</dd>
                  <dt>Interval</dt><dd>{intervalText(sensor.intervalSeconds)}</dd>
                  {sensor.target ? <><dt>Target</dt><dd className="mono">{sensor.target}</dd></> : null}
                  {sensor.watchedAssets.length ? <><dt>Watches</dt><dd className="mono">{sensor.watchedAssets.join(', ')}</dd></> : null}
                </>
              ) : null}
              <dt>Next tick</dt><dd><NextTick at={(schedule ?? sensor)?.nextTickAt} running={running} /></dd>
              {(schedule ?? sensor)?.description ? <><dt>Description</dt><dd>{(schedule ?? sensor)?.description}</dd></> : null}
            </dl>
          </div>
        </div>
      ) : (
        <p className="muted" style={{ marginTop: -6 }}>Every daemon tick evaluates the automation condition of each asset that has one. Open a tick to see, per asset, what was requested and why not.</p>
      )}
      <div className="card">
        <div className="card-head"><h2>Tick history</h2><span className="spacer" /><span className="subtle">newest first · click a tick for why</span></div>
        {ticks.length === 0 ? (
          <EmptyState title="No ticks yet">
            <p className="muted">{running || isConditions ? 'The daemon has not evaluated it yet; ticks appear here within 30 s while baton dev or baton daemon runs.' : 'It is stopped: start it to have the daemon evaluate it.'}</p>
          </EmptyState>
        ) : (
          <TickHistory ticks={ticks} expandFirst={isConditions} />
        )}
        {data.automationTicks.pageInfo.hasNextPage ? (
          <div className="card-body" style={{ borderTop: '1px solid var(--border)' }}><button className="btn small" onClick={() => setFirst((n) => Math.min(n + PAGE, 200))} disabled={first >= 200}>Show older ticks</button></div>
        ) : null}
      </div>
    </div>
  );
}
