import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { PLOT_WINDOW, assetPlotsQuery } from '../../api/queries/plots';
import { Chart } from '../../components/Chart';
import { ErrorState, Loading } from '../../components/States';
import { checkTracks, metadataSeries, stepDurations } from './plot-series';

const COLORS = ['#4f6bed', '#0f9d76', '#c2410c', '#7c3aed', '#0e7490', '#be185d'];

/**
 * Asset page card: numeric materialization metadata (row counts, bytes, anything the asset records), step
 * durations and check results, per partition for a partitioned asset, else over time.
 */
export function PlotsCard({ assetKey }: { assetKey: string }) {
  const { data, error, isPending, refetch } = useQuery(assetPlotsQuery(assetKey));
  const plots = useMemo(() => {
    if (!data) return undefined;
    const partitioned = data.asset.partitioning != null;
    return {
      partitioned,
      metadata: metadataSeries(data.asset.materializations.nodes, partitioned),
      durations: stepDurations(data.runs.nodes.flatMap((r) => r.steps), assetKey, partitioned),
      checks: checkTracks(data.asset.checkHistory.nodes, partitioned),
    };
  }, [data, assetKey]);
  const empty = plots && plots.metadata.length === 0 && plots.durations.points.length === 0 && plots.checks.length === 0;
  return (
    <div className="card" data-testid="plots-card">
      <div className="card-head">
        <h2>Plots</h2><span className="spacer" />
        {plots ? <span className="subtle">{plots.partitioned ? 'per partition (its newest)' : 'over time'} · newest {PLOT_WINDOW.toLocaleString()} events</span> : null}
      </div>
      <div className="card-body">
        {isPending ? <Loading /> : error ? <ErrorState error={error} onRetry={() => void refetch()} /> : empty || !plots ? (
          <p className="muted" data-testid="plots-empty">Nothing to plot yet. Materializations add points here: their numeric metadata (e.g. <code>ctx.addMetadata({'{ rows: 42 }'})</code>), how long their steps took, and their checks' results.</p>
        ) : (
          <>
            {plots.metadata.length > 0 ? (
              <section className="plots-section">
                <h3>Metadata</h3>
                <div className="plots-grid">
                  {plots.metadata.map((s, i) => <Chart key={s.name} title={s.name} points={s.points} color={COLORS[i % COLORS.length]} />)}
                </div>
              </section>
            ) : null}
            {plots.durations.points.length > 0 ? (
              <section className="plots-section">
                <h3>Step duration</h3>
                <Chart title={plots.partitioned ? 'milliseconds per partition' : 'milliseconds per run'} kind="bar" points={plots.durations.points} color="#64748b" />
              </section>
            ) : null}
            {plots.checks.length > 0 ? (
              <section className="plots-section" data-testid="check-tracks">
                <h3>Check results</h3>
                {plots.checks.map((t) => {
                  const failed = t.results.filter((r) => !r.passed).length;
                  return (
                    <div key={t.name} className="check-track" data-testid="check-track" data-check={t.name} data-failed={failed} data-total={t.results.length}>
                      <span className="mono" title={t.name}>{t.name}</span>
                      <div className="check-cells" role="img" aria-label={`${t.name}: ${failed} of ${t.results.length} failed`}>
                        {t.results.map((r) => <span key={r.x} className={`check-cell${r.passed ? '' : ' failed'}`} title={r.label} />)}
                      </div>
                      <span className={failed ? 'check-summary failed' : 'check-summary subtle'}>{failed ? `${failed} of ${t.results.length} failed` : `all ${t.results.length} passed`}</span>
                    </div>
                  );
                })}
              </section>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
