import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { graphqlRequest } from '../../api/graphql-request';
import { MaterializeMutation, unwrapResult } from '../../api/queries/mutations';
import { navigate } from '../../router';
import { Modal } from '../Modal';

/**
 * "Materialize": runs the selected assets whether stale or not, optionally for one partition or a range.
 *
 * @example
 * <MaterializeDialog selection="key:raw/users" partitioned onClose={close} />
 */
export function MaterializeDialog({ selection, partitioned, initialRange, onClose }: { selection: string; partitioned: boolean; initialRange?: { from: string; to: string }; onClose: () => void }) {
  const client = useQueryClient();
  const [from, setFrom] = useState(initialRange?.from ?? '');
  const [to, setTo] = useState(initialRange?.to ?? '');
  const launch = useMutation({
    mutationFn: async () => {
      const range = partitioned && from && to ? (from === to ? undefined : { from, to }) : undefined;
      const partition = partitioned && from && (!to || from === to) ? from : undefined;
      const data = await graphqlRequest(MaterializeMutation, { selection, partition: partition ?? null, range: range ?? null });
      return unwrapResult(data.materialize, 'LaunchSuccess');
    },
    onSuccess: async (result) => {
      await client.invalidateQueries();
      onClose();
      const run = result.runs?.[0]?.id;
      if (result.backfill?.id) navigate(`/backfills/${result.backfill.id}`);
      else if (run) navigate(`/runs/${run}`);
    },
  });
  return (
    <Modal
      title="Materialize"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>Cancel</button>
          <button className="btn primary" data-testid="confirm-materialize-selection" disabled={launch.isPending || (partitioned && !from)} onClick={() => launch.mutate()}>
            {launch.isPending ? 'Launching…' : 'Materialize'}
          </button>
        </>
      }
    >
      <p className="muted" style={{ marginTop: 0 }}>Runs <code>{selection}</code> now, fresh or not.</p>
      {partitioned ? (
        <div className="row">
          <label className="field" style={{ flex: 1 }}>From partition<input className="input mono" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="e.g. 2024-01-01" /></label>
          <label className="field" style={{ flex: 1 }}>To partition (optional)<input className="input mono" value={to} onChange={(e) => setTo(e.target.value)} placeholder="same as from" /></label>
        </div>
      ) : null}
      {launch.error ? <div className="error-box" role="alert" style={{ marginTop: 12 }}>{launch.error.message}</div> : null}
    </Modal>
  );
}
