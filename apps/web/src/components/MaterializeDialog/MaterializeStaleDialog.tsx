import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { graphqlRequest } from '../../api/graphql-request';
import { MaterializeStaleMutation, unwrapResult } from '../../api/queries/mutations';
import { materializeStalePreviewQuery } from '../../api/queries/plans';
import { navigate } from '../../router';
import { Modal } from '../Modal';
import { PlanPreview } from '../PlanPreview';
import { ErrorState, Loading } from '../States';

/**
 * "Materialize stale": previews what would run and why (with an estimate), then launches on confirm.
 *
 * @example
 * {open && <MaterializeStaleDialog selection={filter} onClose={() => setOpen(false)} />}
 */
export function MaterializeStaleDialog({ selection, onClose, onLaunched }: { selection: string; onClose: () => void; onLaunched?: (runIds: string[]) => void }) {
  const client = useQueryClient();
  const preview = useQuery(materializeStalePreviewQuery(selection));
  const launch = useMutation({
    mutationFn: async () => unwrapResult((await graphqlRequest(MaterializeStaleMutation, { selection: selection.trim() || null })).materializeStale, 'LaunchSuccess'),
    onSuccess: async (result) => {
      await client.invalidateQueries();
      const runIds = (result.runs ?? []).map((r) => r.id).filter((id): id is string => !!id);
      onLaunched?.(runIds);
      onClose();
      if (result.backfill?.id) navigate(`/backfills/${result.backfill.id}`);
    },
  });
  const nothing = preview.data && (preview.data.materializeStalePreview?.runCount ?? 0) === 0;
  return (
    <Modal
      title={<>Materialize stale{selection.trim() ? <span className="subtle mono" style={{ fontWeight: 400, marginLeft: 8 }}>{selection}</span> : null}</>}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>Cancel</button>
          <button className="btn primary" data-testid="confirm-materialize" disabled={!preview.data || nothing || launch.isPending} onClick={() => launch.mutate()}>
            {launch.isPending ? 'Launching…' : `Launch ${preview.data?.materializeStalePreview?.runCount ?? ''} run${preview.data?.materializeStalePreview?.runCount === 1 ? '' : 's'}`}
          </button>
        </>
      }
    >
      {preview.isPending ? <Loading label="Planning…" /> : null}
      {preview.error ? <ErrorState error={preview.error} title="Cannot plan" /> : null}
      {nothing ? <p className="muted">Everything selected is fresh. Nothing to do.</p> : null}
      {preview.data?.materializeStalePreview && !nothing ? <PlanPreview preview={preview.data.materializeStalePreview} /> : null}
      {launch.error ? <div className="error-box" role="alert">{launch.error.message}</div> : null}
    </Modal>
  );
}
