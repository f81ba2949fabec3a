import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AssetData } from '../../api/queries/asset';
import { graphqlRequest } from '../../api/graphql-request';
import { ObserveMutation, unwrapResult } from '../../api/queries/mutations';
import { ErrorState } from '../../components/States';
import { formatAgo, formatTime } from '../../format';

type Obs = NonNullable<NonNullable<AssetData['observations']>['nodes']>[number];

/** A source asset's observations, newest first, with an "Observe" button (calls its observe function now). */
export function ObservationsCard({ assetKey, items }: { assetKey: string; items: readonly Obs[] }) {
  const client = useQueryClient();
  const observe = useMutation({
    mutationFn: async () => {
      const result = unwrapResult((await graphqlRequest(ObserveMutation, { assetKeys: [assetKey] })).observe, 'ObserveSuccess');
      const failed = (result.observations ?? []).find((o) => o.error);
      if (failed) throw new Error(`observe failed: ${failed.error}`);
      return result;
    },
    onSettled: () => client.invalidateQueries(),
  });
  return (
    <div className="card" data-testid="observations">
      <div className="card-head">
        <h2>Observations</h2>
        <span className="spacer" />
        <button className="btn" data-testid="observe-source" disabled={observe.isPending} onClick={() => observe.mutate()}>{observe.isPending ? 'Observing…' : 'Observe'}</button>
      </div>
      {observe.error ? <div className="card-body"><ErrorState error={observe.error} /></div> : null}
      {items.length === 0 ? (
        <p className="subtle" style={{ padding: '0 16px' }}>Never observed. "Observe" calls its observe function and stores the data version.</p>
      ) : (
        <table className="table">
          <thead><tr><th>When</th><th>Partition</th><th>Data version</th></tr></thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.id}>
                <td title={formatTime(o.timestamp)}>{formatAgo(o.timestamp)}</td>
                <td className="mono">{o.partitionKey ?? <span className="subtle">—</span>}</td>
                <td className="mono subtle">{o.dataVersion}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
