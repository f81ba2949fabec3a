import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { graphql } from '../../api/graphql';
import { subscribe } from '../../api/graphql-subscribe';
import { lineageQuery, type LineageData } from '../../api/queries/lineage';
import { patchLineageStatus } from './patch-lineage-status';

export const AssetStatusChangesSubscription = graphql(`
  subscription AssetStatusChanges($selection: String) {
    assetStatusChanges(selection: $selection) { assetKey status }
  }
`);

/** After a burst of changes, one refetch picks up what the event does not carry (checks, pending upstream). */
const SETTLE_MS = 1500;
const RECONNECT_MS = 2000;

/**
 * Keeps the lineage of `selection` live over the status subscription: each change recolours its node at
 * once (the query's cached data is patched), and a refetch follows once changes settle. Reconnects
 * when the stream ends or fails.
 *
 * @example
 * useLiveStatus(selection);
 */
export function useLiveStatus(selection: string): void {
  const client = useQueryClient();
  useEffect(() => {
    const { queryKey } = lineageQuery(selection);
    let settle: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stop = () => {};
    let closed = false;
    const connect = () => {
      stop = subscribe(AssetStatusChangesSubscription, { selection: selection.trim() || null }, {
        next: ({ assetStatusChanges: change }) => {
          client.setQueryData<LineageData>(queryKey, (old) => (old ? patchLineageStatus(old, change.assetKey, change.status) : old));
          clearTimeout(settle);
          settle = setTimeout(() => void client.invalidateQueries({ queryKey, exact: true }), SETTLE_MS);
        },
        error: () => reconnect(),
        complete: () => reconnect(),
      });
    };
    const reconnect = () => {
      if (closed) return;
      clearTimeout(retry);
      retry = setTimeout(() => {
        void client.invalidateQueries({ queryKey, exact: true }); // catch up on what was missed
        connect();
      }, RECONNECT_MS);
    };
    connect();
    return () => {
      closed = true;
      stop();
      clearTimeout(settle);
      clearTimeout(retry);
    };
  }, [client, selection]);
}
