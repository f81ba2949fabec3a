import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { graphqlRequest } from '../../api/graphql-request';
import { selectionPartitioningsQuery } from '../../api/queries/lineage';
import { LaunchBackfillMutation, unwrapResult } from '../../api/queries/mutations';
import { backfillPreviewQuery, backfillRunsPage, type BackfillInput } from '../../api/queries/plans';
import { PlanPreview } from '../../components/PlanPreview';
import { RunPolicyPicker, type RunPolicyChoice } from '../../components/RunPolicyPicker';
import { Segmented } from '../../components/Segmented';
import { ErrorState, Loading } from '../../components/States';
import { announceLaunch } from '../../components/Toast';
import { Link, navigate, useLocation } from '../../router';
import { buildBackfillInput, type Order, type Reprocess } from './build-backfill-input';
import { DateRangePicker } from './DateRangePicker';
import { summarizeSelectionPartitions } from './selection-partitions';
import { StaticKeysPicker } from './StaticKeysPicker';

const REPROCESS: readonly [Reprocess, string][] = [['MISSING', 'Missing'], ['FAILED', 'Failed'], ['MISSING_OR_FAILED', 'Missing or failed'], ['ALL', 'All']];
const ORDERS: readonly [Order, string][] = [['OLDEST_FIRST', 'Oldest first'], ['NEWEST_FIRST', 'Newest first']];

/**
 * The backfill launcher: a selection; ONE date range for every time partitioning (as the CLI takes
 * it) or an explicit "All partitions (N)"; key pickers for static dimensions; reprocess, order,
 * run policy and concurrency; then an honest preview, then launch.
 */
export function BackfillLauncher() {
  const { search } = useLocation();
  const client = useQueryClient();
  const [selection, setSelection] = useState(search.get('select') ?? '');
  const [appliedSelection, setAppliedSelection] = useState(selection);
  const [mode, setMode] = useState<'range' | 'all'>('range');
  const [range, setRange] = useState({ from: search.get('from') ?? '', to: search.get('to') ?? '' });
  const [staticChoice, setStaticChoice] = useState<Record<string, string[]>>({});
  const [reprocess, setReprocess] = useState<Reprocess>('MISSING_OR_FAILED');
  const [order, setOrder] = useState<Order>('OLDEST_FIRST');
  const [policy, setPolicy] = useState<RunPolicyChoice>({ kind: 'PER_PARTITION', size: 10 });
  const [maxConcurrent, setMaxConcurrent] = useState(4);
  const [previewInput, setPreviewInput] = useState<BackfillInput | null>(null);

  const parts = useQuery({ ...selectionPartitioningsQuery(appliedSelection), enabled: appliedSelection.trim() !== '', placeholderData: keepPreviousData });
  const summary = useMemo(() => summarizeSelectionPartitions(parts.data?.lineage?.nodes ?? []), [parts.data]);
  const hasTime = summary.timeLabels.length > 0;
  // chosen keys per static dimension: every key until the user narrows it (then only dimensions narrowed are sent)
  const statics = useMemo(() => {
    const out: Record<string, string[]> = {};
    for (const s of summary.statics) {
      const chosen = staticChoice[s.name];
      if (chosen && chosen.length !== s.keys.length) out[s.name] = chosen;
    }
    return out;
  }, [summary, staticChoice]);

  const built = useMemo(
    () => buildBackfillInput({ selection: appliedSelection, partitions: mode === 'all' ? { kind: 'all' } : { kind: 'range', ...range }, statics, reprocess, order, policy, maxConcurrent }, hasTime),
    [appliedSelection, mode, range, statics, reprocess, order, policy, maxConcurrent, hasTime],
  );
  const input = 'input' in built ? built.input : null;
  const preview = useQuery({ ...backfillPreviewQuery(previewInput ?? input ?? { selection: '' }), enabled: previewInput !== null });
  const upToDate = previewInput !== null && JSON.stringify(previewInput) === JSON.stringify(input);
  useEffect(() => {
    if (previewInput && !upToDate) setPreviewInput(null);
  }, [upToDate, previewInput]);
  // A link that presets the range (?select=…&from=…&to=…) is previewed as it opens, once its selection is
  // resolved: the user sees what it would launch, or the server's reason it cannot (a day the date fields
  // cannot show, such as 2026-02-30, is refused there with the error a single key gets).
  const [previewLink, setPreviewLink] = useState(() => search.get('from') !== null && search.get('to') !== null);
  useEffect(() => {
    if (!previewLink || !parts.data || parts.isFetching) return;
    setPreviewLink(false);
    if (hasTime && input) setPreviewInput(input);
  }, [previewLink, parts.data, parts.isFetching, hasTime, input]);

  const launch = useMutation({
    mutationFn: async () => unwrapResult((await graphqlRequest(LaunchBackfillMutation, { input: input! })).launchBackfill, 'BackfillSuccess'),
    onSuccess: async (r) => {
      announceLaunch({ backfill: r.backfill ?? null }, preview.data?.backfillPreview?.runCount ?? undefined);
      await client.invalidateQueries();
      if (r.backfill?.id) navigate(`/backfills/${r.backfill.id}`);
    },
  });
  const runCount = preview.data?.backfillPreview?.runCount ?? 0;

  return (
    <div className="page" data-testid="backfill-launcher" style={{ maxWidth: 1180 }}>
      <div className="subtle" style={{ marginBottom: 6, fontSize: 12.5 }}><Link href="/backfills">Backfills</Link></div>
      <div className="page-header"><h1>New backfill</h1></div>
      <div className="grid-main">
        <div>
          <div className="card">
            <div className="card-head"><h2>1 · Assets</h2></div>
            <div className="card-body stack">
              <form className="row" onSubmit={(e) => { e.preventDefault(); setAppliedSelection(selection); }}>
                <input className="input mono" style={{ flex: 1 }} value={selection} onChange={(e) => setSelection(e.target.value)} placeholder="Selection, e.g. group:rollups or raw/events+" aria-label="Backfill selection" data-testid="backfill-selection" />
                <button className="btn" type="submit" data-testid="backfill-apply-selection">Select</button>
              </form>
              {parts.isFetching ? <span className="subtle">Resolving…</span> : null}
              {parts.error ? <div className="error-box" role="alert">{parts.error.message}</div> : null}
              {parts.data ? (
                <span className="muted" data-testid="backfill-selected">
                  {summary.partitionedAssets + summary.unpartitionedAssets} assets selected{summary.unpartitionedAssets ? `, ${summary.unpartitionedAssets} unpartitioned (run once)` : ''}.
                </span>
              ) : null}
            </div>
          </div>
          <div className="card">
            <div className="card-head"><h2>2 · Partitions</h2></div>
            <div className="card-body stack">
              {!parts.data ? <span className="subtle">Select assets first.</span> : null}
              {parts.data && summary.partitionedAssets === 0 ? <span className="subtle">None of the selected assets is partitioned.</span> : null}
              {hasTime ? (
                <div className="stack" style={{ gap: 8 }} data-testid="time-partitions">
                  <div>
                    <b>Time partitions</b> <span className="subtle">· {summary.timeLabels.join(' · ')}</span>
                  </div>
                  <div className="row" style={{ gap: 16 }}>
                    <label className="row" style={{ gap: 6 }}><input type="radio" name="partition-mode" checked={mode === 'range'} onChange={() => setMode('range')} data-testid="mode-range" />Date range</label>
                    <label className="row" style={{ gap: 6 }}><input type="radio" name="partition-mode" checked={mode === 'all'} onChange={() => setMode('all')} data-testid="mode-all" />All partitions ({summary.totalPartitions.toLocaleString()})</label>
                  </div>
                  {mode === 'range' ? (
                    <>
                      <DateRangePicker value={range} onChange={setRange} testId="date-range" />
                      <span className="subtle" style={{ fontSize: 12.5 }}>One range for every time partitioning: a day selects its 24 hours, the month it falls in, and itself.</span>
                    </>
                  ) : null}
                </div>
              ) : null}
              {summary.statics.map((s) => (
                <StaticKeysPicker
                  key={s.name}
                  name={s.name}
                  label={s.label}
                  keys={s.keys}
                  assets={s.assets}
                  chosen={staticChoice[s.name] ?? [...s.keys]}
                  onChange={(keys) => setStaticChoice({ ...staticChoice, [s.name]: keys })}
                />
              ))}
              {summary.dynamicLabels.length ? <span className="subtle">{summary.dynamicLabels.join(', ')}: every key.</span> : null}
            </div>
          </div>
          <div className="card">
            <div className="card-head"><h2>3 · Options</h2></div>
            <div className="card-body stack">
              <label className="field">Reprocess<Segmented name="Reprocess" options={REPROCESS} value={reprocess} onChange={setReprocess} /></label>
              <label className="field">Order<Segmented name="Order" options={ORDERS} value={order} onChange={setOrder} /></label>
              <label className="field">Run policy<RunPolicyPicker value={policy} onChange={setPolicy} /></label>
              <label className="field">Max concurrent runs<input type="number" min={1} max={64} className="input" style={{ width: 90 }} value={maxConcurrent} onChange={(e) => setMaxConcurrent(Math.max(1, Number(e.target.value)))} data-testid="max-concurrent" /></label>
            </div>
          </div>
        </div>
        <div className="card" style={{ position: 'sticky', top: 16 }}>
          <div className="card-head"><h2>Preview</h2></div>
          <div className="card-body stack">
            {'missing' in built ? <p className="subtle" style={{ margin: 0 }} data-testid="backfill-missing">{built.missing}</p> : null}
            {!previewInput && input ? <p className="subtle" style={{ margin: 0 }}>Preview shows how many runs will launch, per asset, and how long they should take, before anything starts.</p> : null}
            {previewInput && preview.isPending ? <Loading label="Planning…" /> : null}
            {previewInput && preview.error ? <ErrorState error={preview.error} title="Cannot plan this backfill" /> : null}
            {previewInput && preview.data?.backfillPreview ? (
              <PlanPreview preview={preview.data.backfillPreview} runsPage={backfillRunsPage(previewInput)} onBatch={(size) => setPolicy({ kind: 'BATCH', size })} />
            ) : null}
            {launch.error ? <div className="error-box" role="alert">{launch.error.message}</div> : null}
            <div className="row" style={{ justifyContent: 'flex-end' }}>
              <button className="btn" onClick={() => setPreviewInput(input)} disabled={!input} data-testid="backfill-preview">Preview</button>
              <button className="btn primary" onClick={() => launch.mutate()} disabled={!upToDate || !preview.data || runCount === 0 || launch.isPending} data-testid="backfill-launch">
                {launch.isPending ? 'Launching…' : `Launch ${preview.data?.backfillPreview ? runCount.toLocaleString() : ''} runs`}
              </button>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
