import { GraphQLRequestError } from '../graphql-error';
import { graphql } from '../graphql';

export const MaterializeMutation = graphql(`
  mutation Materialize($selection: String!, $partition: String, $range: KeyRangeInput) {
    materialize(selection: $selection, partition: $partition, range: $range) {
      __typename
      ... on LaunchSuccess { runs { id } backfill { id } }
      ... on UserError { code message hint }
    }
  }
`);

export const MaterializeStaleMutation = graphql(`
  mutation MaterializeStale($selection: String, $policy: RunPolicyInput) {
    materializeStale(selection: $selection, policy: $policy) {
      __typename
      ... on LaunchSuccess { runs { id } backfill { id } }
      ... on UserError { code message hint }
    }
  }
`);

export const ObserveMutation = graphql(`
  mutation Observe($assetKeys: [String!]) {
    observe(assetKeys: $assetKeys) {
      __typename
      ... on ObserveSuccess { observations { assetKey dataVersion error } }
      ... on UserError { code message hint }
    }
  }
`);

export const LaunchBackfillMutation = graphql(`
  mutation LaunchBackfill($input: BackfillInput!) {
    launchBackfill(input: $input) {
      __typename
      ... on BackfillSuccess { backfill { id } }
      ... on UserError { code message hint }
    }
  }
`);

export const CancelRunMutation = graphql(`
  mutation CancelRun($runId: ID!) {
    cancelRun(runId: $runId) { __typename ... on RunSuccess { run { id status } } ... on UserError { code message hint } }
  }
`);

export const ReexecuteRunMutation = graphql(`
  mutation ReexecuteRun($runId: ID!) {
    reexecuteRun(runId: $runId) { __typename ... on RunSuccess { run { id status } } ... on UserError { code message hint } }
  }
`);

export const CancelBackfillMutation = graphql(`
  mutation CancelBackfill($id: ID!) {
    cancelBackfill(backfillId: $id) { __typename ... on BackfillSuccess { backfill { id status } } ... on UserError { code message hint } }
  }
`);

export const ResumeBackfillMutation = graphql(`
  mutation ResumeBackfill($id: ID!) {
    resumeBackfill(backfillId: $id) { __typename ... on BackfillSuccess { backfill { id status } } ... on UserError { code message hint } }
  }
`);

export const RetryFailedBackfillMutation = graphql(`
  mutation RetryFailedBackfill($id: ID!) {
    retryFailedBackfill(backfillId: $id) { __typename ... on BackfillSuccess { backfill { id status } } ... on UserError { code message hint } }
  }
`);

/**
 * Turns a mutation's result union into its success branch, or throws the typed user error (code, message,
 * hint) as a `GraphQLRequestError` so every page shows it the same way.
 *
 * @example
 * const ok = unwrapResult(data.cancelRun, 'RunSuccess');
 */
export function unwrapResult<T extends { __typename: string }, N extends T['__typename']>(
  result: T | null | undefined,
  success: N,
): Extract<T, { __typename: N }> {
  if (!result) throw new GraphQLRequestError([{ message: 'The server returned no result.' }], 200);
  if (result.__typename === success) return result as Extract<T, { __typename: N }>;
  const e = result as unknown as { message?: string | null; code?: string | null; hint?: string | null };
  throw new GraphQLRequestError([{ message: e.message ?? result.__typename, extensions: { code: e.code ?? undefined, hint: e.hint ?? undefined } }], 200);
}
