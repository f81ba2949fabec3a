import { ReasonText } from '../../components/ReasonText';
import { Link, assetHref } from '../../router';
import type { AssetEvaluationView } from './tick-evaluation';

/** Why each asset was or was not requested at one conditions tick: one line per group of partitions. */
export function ConditionsEvaluation({ assets }: { assets: readonly AssetEvaluationView[] }) {
  if (assets.length === 0) return <p className="subtle" style={{ margin: 0 }}>No asset had a condition at this tick.</p>;
  return (
    <ul className="evaluation" data-testid="conditions-evaluation">
      {assets.map((a) => (
        <li key={a.assetKey}>
          <div className="row" style={{ gap: 8 }}>
            <Link className="mono" href={assetHref(a.assetKey)}>{a.assetKey}</Link>
            <span className={a.requestedCount > 0 ? 'chip requested' : 'chip'}>
              {a.partitioned ? `${a.requestedCount.toLocaleString()} of ${a.total.toLocaleString()} partitions requested` : a.requestedCount > 0 ? 'requested' : 'not requested'}
            </span>
          </div>
          <ul className="reasons">
            {a.groups.map((g, i) => (
              <li key={i} className={g.requested ? 'requested' : ''}>
                <ReasonText text={g.reason} />
                {a.partitioned && g.partitions ? <span className="subtle mono"> — {g.count.toLocaleString()} × {g.partitions}</span> : null}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
