import { useQuery } from '@tanstack/react-query';
import { FreshnessBadge } from '../../components/FreshnessBadge';
import { CONDITIONS_NAME, assetAutomationQuery } from '../../api/queries/automation';
import { ReasonText } from '../../components/ReasonText';
import { ErrorState } from '../../components/States';
import { formatRelative, formatTime } from '../../format';
import { Link } from '../../router';

/** The freshness policy in words, from its JSON (`{ kind: 'maxAge', maxAgeMs }` or `{ kind: 'deadline', cron, timezone }`). */
function policyText(policy: unknown): string | null {
  if (!policy || typeof policy !== 'object') return null;
  const p = policy as { kind?: string; maxAgeMs?: number; warnAfterMs?: number; cron?: string; timezone?: string };
  const hours = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`);
  if (p.kind === 'maxAge' && typeof p.maxAgeMs === 'number') return `at most ${hours(p.maxAgeMs)} old${typeof p.warnAfterMs === 'number' ? ` (warn after ${hours(p.warnAfterMs)})` : ''}`;
  if (p.kind === 'deadline' && p.cron) return `updated by each tick of ${p.cron}${p.timezone ? ` ${p.timezone}` : ''}`;
  return null;
}

/** Strips the "<asset> at <time>: " prefix of an evaluation line, keeping the plain reason. */
function evaluationLines(text: string, assetKey: string): { at: string | null; reason: string }[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const m = new RegExp(`^${assetKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: \\[[^\\]]*\\])? at (\\S+): (.*)$`).exec(line);
    return m ? { at: m[1] ?? null, reason: m[2] ?? line } : { at: null, reason: line };
  });
}

/** Asset page card: the automation condition, freshness against the policy, and the latest evaluation in plain words. */
export function AutomationCard({ assetKey }: { assetKey: string }) {
  const { data, error } = useQuery(assetAutomationQuery(assetKey));
  if (error) return <div className="card"><div className="card-head"><h2>Automation</h2></div><ErrorState error={error} /></div>;
  const a = data?.asset;
  if (!a) return null;
  const condition = a.automationCondition;
  const fresh = a.freshness;
  const policy = policyText(fresh.policy);
  if (!condition && !policy) return null;
  const lines = a.automationEvaluation ? evaluationLines(a.automationEvaluation, assetKey) : [];
  const at = lines.find((l) => l.at)?.at ?? null;

  return (
    <div className="card" data-testid="asset-automation">
      <div className="card-head"><h2>Automation</h2><span className="spacer" />{condition ? <Link href={`/automation/${CONDITIONS_NAME}`}>ticks →</Link> : null}</div>
      <div className="card-body stack">
        <dl className="kv">
          <dt>Condition</dt>
          <dd>{condition ? <code data-testid="automation-condition">{condition.text}</code> : <span className="subtle">none: runs only when launched or by a schedule/sensor</span>}</dd>
          <dt>Freshness</dt>
          <dd>
            <div className="stack" style={{ gap: 4 }} data-testid="asset-freshness" data-status={fresh.status}>
              <span className="row" style={{ gap: 8 }}>
                <FreshnessBadge status={fresh.status} />
                {policy ? <span className="subtle" style={{ fontSize: 12 }}>{policy}</span> : <span className="subtle" style={{ fontSize: 12 }}>no policy</span>}
              </span>
              {policy ? <span className="muted" style={{ fontSize: 13 }}>{fresh.reason}</span> : null}
              {fresh.nextChangeAt != null ? <span className="subtle" style={{ fontSize: 12 }} title={formatTime(fresh.nextChangeAt)}>changes {formatRelative(fresh.nextChangeAt)} ({formatTime(fresh.nextChangeAt)})</span> : null}
            </div>
          </dd>
        </dl>
        {condition ? (
          <div data-testid="automation-evaluation">
            <h3 style={{ marginBottom: 6 }}>Latest evaluation{at ? <span className="subtle" style={{ textTransform: 'none', letterSpacing: 0, fontWeight: 400 }} title={at}> · {formatRelative(Date.parse(at))}</span> : null}</h3>
            {lines.length ? (
              <ul className="reasons">
                {lines.map((l, i) => <li key={i} className={l.reason.startsWith('requested') ? 'requested' : ''}><ReasonText text={l.reason} /></li>)}
              </ul>
            ) : <p className="subtle" style={{ margin: 0 }}>Not evaluated yet: the daemon evaluates conditions every 30 s while <code>baton dev</code> or <code>baton daemon</code> runs.</p>}
          </div>
        ) : null}
      </div>
    </div>
  );
}
