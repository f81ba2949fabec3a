import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { graphqlRequest } from '../../api/graphql-request';
import { MaterializeStaleMutation, unwrapResult } from '../../api/queries/mutations';
import { materializeStalePreviewQuery, materializeStaleRunsPage } from '../../api/queries/plans';
import { Modal } from '../Modal';
import { PlanPreview } from '../PlanPreview';
import { RunPolicyPicker, toPolicyInput, type RunPolicyChoice } from '../RunPolicyPicker';
import { ErrorState, Loading } from '../States';
import { announceLaunch } from '../Toast';

/**
 * "Materialize stale": previews what would run and why (with an estimate, per-asset summary and
 * warnings), lets the user batch partitions into fewer runs, then launches on confirm.
 *
 * On an asset page (`upstreamOf` set) the plan also covers the stale or missing upstream assets the
 * asset's staleness comes from (selection `+asset`): rebuilding only the asset would leave it stale.
 * Plans of many one-partition runs switch to the suggested batch size until the user picks a policy.
 *
 * @example
 * {open && <MaterializeStaleDialog selection={filter} onClose={() => setOpen(false)} />}
 */
export function MaterializeStaleDialog({ selection, upstreamOf, onClose, onLaunched }: { selection: string; upstreamOf?: string; onClose: () => void; onLaunched?: (runIds: string[]) => void }) {
  const client = useQueryClient();
  const [withUpstream, setWithUpstream] = useState(upstreamOf !== undefined);
  const [policy, setPolicy] = useState<RunPolicyChoice>({ kind: 'PER_PARTITION', size: 10 });
  const [policyTouched, setPolicyTouched] = useState(false);
  const effective = withUpstream && selection.trim() ? `+(${selection.trim()})` : selection;
  const policyInput = policy.kind === 'PER_PARTITION' ? null : toPolicyInput(policy);
  const preview = useQuery({ ...materializeStalePreviewQuery(effective, policyInput), placeholderData: keepPreviousData });
  const data = preview.data?.materializeStalePreview;

  // a large per-partition plan defaults to the suggested batches, until the user chooses
  const suggested = data?.warnings?.find((w) => w.code === 'LARGE_PLAN')?.suggestedBatchSize;
  useEffect(() => {
    if (!policyTouched && policy.kind === 'PER_PARTITION' && suggested) setPolicy({ kind: 'BATCH', size: suggested });
  }, [policyTouched, policy.kind, suggested]);

  const launch = useMutation({
    mutationFn: async () => unwrapResult((await graphqlRequest(MaterializeStaleMutation, { selection: effective.trim() || null, policy: policyInput })).materializeStale, 'LaunchSuccess'),
    onSuccess: async (result) => {
      announceLaunch(result, data?.runCount ?? undefined);
      await client.invalidateQueries();
      const runIds = (result.runs ?? []).map((r) => r.id).filter((id): id is string => !!id);
      onLaunched?.(runIds);
      onClose();
    },
  });
  const nothing = data && (data.runCount ?? 0) === 0;
  const upstreamAssets = upstreamOf ? (data?.assetSummaries ?? []).filter((a) => a.assetKey !== upstreamOf) : [];
  const upstreamPartitions = upstreamAssets.reduce((n, a) => n + (a.partitionCount ?? 0), 0);
  const runCount = data?.runCount ?? 0;
  return (
    <Modal
      title={<>Materialize stale{selection.trim() ? <span className="subtle mono" style={{ fontWeight: 400, marginLeft: 8 }}>{selection}</span> : null}</>}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>Cancel</button>
          <button className="btn primary" data-testid="confirm-materialize" disabled={!data || nothing || launch.isPending || preview.isPlaceholderData} onClick={() => launch.mutate()}>
            {launch.isPending ? 'Launching…' : `Launch ${runCount.toLocaleString()} run${runCount === 1 ? '' : 's'}`}
          </button>
        </>
      }
    >
      <div className="stack" style={{ gap: 10 }}>
        {upstreamOf !== undefined ? (
          <label className="row" style={{ gap: 8, fontSize: 13 }}>
            <input type="checkbox" checked={withUpstream} onChange={(e) => setWithUpstream(e.target.checked)} data-testid="include-upstream" />
            <span>
              Include the stale or missing upstream assets it depends on
              {withUpstream && data ? (
                <span className="subtle" data-testid="upstream-count"> — {upstreamAssets.length === 0 ? 'none is stale' : `${upstreamPartitions.toLocaleString()} partition${upstreamPartitions === 1 ? '' : 's'} of ${upstreamAssets.length} upstream asset${upstreamAssets.length === 1 ? '' : 's'}`}</span>
              ) : null}
              {!withUpstream ? <span className="subtle"> — without them this asset may stay stale after the runs end</span> : null}
            </span>
          </label>
        ) : null}
        <label className="field">Run policy
          <RunPolicyPicker value={policy} onChange={(p) => { setPolicyTouched(true); setPolicy(p); }} />
        </label>
        {preview.isPending ? <Loading label="Planning…" /> : null}
        {preview.error ? <ErrorState error={preview.error} title="Cannot plan" /> : null}
        {nothing ? <p className="muted">Everything selected is fresh. Nothing to do.</p> : null}
        {data && !nothing ? (
          <PlanPreview preview={data} runsPage={materializeStaleRunsPage(effective, policyInput)} onBatch={(size) => { setPolicyTouched(true); setPolicy({ kind: 'BATCH', size }); }} />
        ) : null}
        {launch.error ? <div className="error-box" role="alert">{launch.error.message}</div> : null}
      </div>
    </Modal>
  );
}
