import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { graphqlRequest } from '../../api/graphql-request';
import { selectionPartitioningsQuery } from '../../api/queries/lineage';
import { LaunchBackfillMutation, unwrapResult } from '../../api/queries/mutations';
import { backfillPreviewQuery, type BackfillInput } from '../../api/queries/plans';
import { PlanPreview } from '../../components/PlanPreview';
import { ErrorState, Loading } from '../../components/States';
import { Link, navigate, useLocation } from '../../router';
import { buildBackfillInput, type Order, type Policy, type Reprocess } from './build-backfill-input';
import { DateRangePicker } from './DateRangePicker';

const REPROCESS: readonly [Reprocess, string][] = [['MISSING', 'Missing'], ['FAILED', 'Failed'], ['MISSING_OR_FAILED', 'Missing or failed'], ['ALL', 'All']];
const ORDERS: readonly [Order, string][] = [['OLDEST_FIRST', 'Oldest first'], ['NEWEST_FIRST', 'Newest first']];
const POLICIES: readonly [Policy, string][] = [['PER_PARTITION', 'One run per partition'], ['BATCH', 'Batches'], ['SINGLE', 'One run']];

function Segmented<T extends string>({ options, value, onChange, name }: { options: readonly [T, string][]; value: T; onChange: (v: T) => void; name: string }) {
  return (
    <div className="segmented" role="group" aria-label={name}>
      {options.map(([v, label]) => <button type="button" key={v} className={value === v ? 'on' : ''} onClick={() => onChange(v)} data-value={v}>{label}</button>)}
    </div>
  );
}

/** The backfill launcher: selection, a range per partitioning, reprocess, order, run policy, concurrency; preview, then launch. */
export function BackfillLauncher() {
  const { search } = useLocation();
  const client = useQueryClient();
  const [selection, setSelection] = useState(search.get('select') ?? '');
  const [appliedSelection, setAppliedSelection] = useState(selection);
  const [ranges, setRanges] = useState<Record<string, { from: string; to: string }>>({});
  const [reprocess, setReprocess] = useState<Reprocess>('MISSING_OR_FAILED');
  const [order, setOrder] = useState<Order>('OLDEST_FIRST');
  const [policy, setPolicy] = useState<Policy>('PER_PARTITION');
  const [batchSize, setBatchSize] = useState(10);
  const [maxConcurrent, setMaxConcurrent] = useState(4);
  const [previewInput, setPreviewInput] = useState<BackfillInput | null>(null);

  const parts = useQuery({ ...selectionPartitioningsQuery(appliedSelection), enabled: appliedSelection.trim() !== '', placeholderData: keepPreviousData });
  const partitionings = useMemo(() => {
    const byId = new Map<string, { id: string; kind: string; description: string; count: number; spec: unknown; assets: string[] }>();
    for (const n of parts.data?.lineage?.nodes ?? []) {
      const p = n.partitioning;
      if (!p?.id || n.isSource) continue;
      const entry = byId.get(p.id) ?? { id: p.id, kind: p.kind ?? '', description: p.description ?? '', count: p.partitionCount ?? 0, spec: p.spec, assets: [] };
      entry.assets.push(n.key ?? '');
      byId.set(p.id, entry);
    }
    return [...byId.values()];
  }, [parts.data]);
  const unpartitioned = (parts.data?.lineage?.nodes ?? []).filter((n) => !n.partitioning && !n.isSource).length;

  const input = useMemo(
    () => buildBackfillInput({
      selection: appliedSelection.trim(),
      choices: partitionings.map((p) => ({ definitionId: p.id, from: ranges[p.id]?.from ?? '', to: ranges[p.id]?.to ?? '' })),
      reprocess, order, policy, batchSize, maxConcurrent,
    }),
    [appliedSelection, partitionings, ranges, reprocess, order, policy, batchSize, maxConcurrent],
  );
  const preview = useQuery({ ...backfillPreviewQuery(previewInput ?? input), enabled: previewInput !== null });
  const upToDate = previewInput !== null && JSON.stringify(previewInput) === JSON.stringify(input);
  useEffect(() => {
    if (previewInput && !upToDate) setPreviewInput(null);
  }, [upToDate, previewInput]);

  const launch = useMutation({
    mutationFn: async () => unwrapResult((await graphqlRequest(LaunchBackfillMutation, { input })).launchBackfill, 'BackfillSuccess'),
    onSuccess: async (r) => {
      await client.invalidateQueries();
      if (r.backfill?.id) navigate(`/backfills/${r.backfill.id}`);
    },
  });

  return (
    <div className="page" data-testid="backfill-launcher" style={{ maxWidth: 1040 }}>
      <div className="subtle" style={{ marginBottom: 6, fontSize: 12.5 }}><Link href="/backfills">Backfills</Link></div>
      <div className="page-header"><h1>New backfill</h1></div>
      <div className="grid-main">
        <div>
          <div className="card">
            <div className="card-head"><h2>1 · Assets</h2></div>
            <div className="card-body stack">
              <form className="row" onSubmit={(e) => { e.preventDefault(); setAppliedSelection(selection); }}>
                <input className="input mono" style={{ flex: 1 }} value={selection} onChange={(e) => setSelection(e.target.value)} placeholder="Selection, e.g. group:rollups or +marts/daily_sales" aria-label="Backfill selection" data-testid="backfill-selection" />
                <button className="btn" type="submit" data-testid="backfill-apply-selection">Select</button>
              </form>
              {parts.isFetching ? <span className="subtle">Resolving…</span> : null}
              {parts.error ? <div className="error-box" role="alert">{parts.error.message}</div> : null}
              {parts.data ? <span className="muted">{(parts.data.lineage?.nodes ?? []).length} assets selected{unpartitioned ? `, ${unpartitioned} unpartitioned (run once)` : ''}.</span> : null}
            </div>
          </div>
          <div className="card">
            <div className="card-head"><h2>2 · Partitions</h2></div>
            <div className="card-body stack">
              {partitionings.length === 0 ? <span className="subtle">{parts.data ? 'None of the selected assets is partitioned.' : 'Select assets first.'}</span> : null}
              {partitionings.map((p) => {
                const r = ranges[p.id] ?? { from: '', to: '' };
                const timeBased = p.kind === 'time-window';
                const start = (p.spec as { start?: string } | null)?.start;
                return (
                  <div key={p.id} className="stack" style={{ gap: 8, paddingBottom: 10, borderBottom: '1px solid var(--border)' }}>
                    <div><b>{p.description}</b> <span className="subtle">· {p.count.toLocaleString()} partitions · {p.assets.length} asset{p.assets.length === 1 ? '' : 's'}</span></div>
                    {timeBased ? (
                      <DateRangePicker value={r} onChange={(v) => setRanges({ ...ranges, [p.id]: v })} min={start?.slice(0, 10)} testId="date-range" />
                    ) : (
                      <div className="row">
                        <label className="field">First key<input className="input mono" value={r.from} onChange={(e) => setRanges({ ...ranges, [p.id]: { ...r, from: e.target.value } })} /></label>
                        <label className="field">Last key<input className="input mono" value={r.to} onChange={(e) => setRanges({ ...ranges, [p.id]: { ...r, to: e.target.value } })} /></label>
                      </div>
                    )}
                    {!r.from || !r.to ? <span className="subtle" style={{ fontSize: 12.5 }}>No range: every partition.</span> : null}
                  </div>
                );
              })}
            </div>
          </div>
          <div className="card">
            <div className="card-head"><h2>3 · Options</h2></div>
            <div className="card-body stack">
              <label className="field">Reprocess<Segmented name="Reprocess" options={REPROCESS} value={reprocess} onChange={setReprocess} /></label>
              <label className="field">Order<Segmented name="Order" options={ORDERS} value={order} onChange={setOrder} /></label>
              <label className="field">Run policy
                <div className="row"><Segmented name="Run policy" options={POLICIES} value={policy} onChange={setPolicy} />
                  {policy === 'BATCH' ? <input type="number" min={1} className="input" style={{ width: 90 }} value={batchSize} onChange={(e) => setBatchSize(Math.max(1, Number(e.target.value)))} aria-label="Partitions per run" /> : null}
                </div>
              </label>
              <label className="field">Max concurrent runs<input type="number" min={1} max={64} className="input" style={{ width: 90 }} value={maxConcurrent} onChange={(e) => setMaxConcurrent(Math.max(1, Number(e.target.value)))} data-testid="max-concurrent" /></label>
            </div>
          </div>
        </div>
        <div className="card" style={{ position: 'sticky', top: 16 }}>
          <div className="card-head"><h2>Preview</h2></div>
          <div className="card-body stack">
            {!previewInput ? <p className="subtle" style={{ margin: 0 }}>Preview shows how many runs will launch and how long they should take, before anything starts.</p> : null}
            {previewInput && preview.isPending ? <Loading label="Planning…" /> : null}
            {previewInput && preview.error ? <ErrorState error={preview.error} title="Cannot plan this backfill" /> : null}
            {previewInput && preview.data?.backfillPreview ? <PlanPreview preview={preview.data.backfillPreview} /> : null}
            {launch.error ? <div className="error-box" role="alert">{launch.error.message}</div> : null}
            <div className="row" style={{ justifyContent: 'flex-end' }}>
              <button className="btn" onClick={() => setPreviewInput(input)} disabled={!appliedSelection.trim()} data-testid="backfill-preview">Preview</button>
              <button className="btn primary" onClick={() => launch.mutate()} disabled={!upToDate || !preview.data || (preview.data.backfillPreview?.runCount ?? 0) === 0 || launch.isPending} data-testid="backfill-launch">
                {launch.isPending ? 'Launching…' : `Launch ${preview.data?.backfillPreview?.runCount ?? ''} runs`}
              </button>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
