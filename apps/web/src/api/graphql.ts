import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env';

/**
 * Typed GraphQL documents for Baton's API (types from packages/graphql/schema.graphql via gql.tada;
 * regenerate with `npm run generate -w @baton/web`). An unknown field is a type error.
 *
 * @example
 * const RunQuery = graphql(`query Run($id: ID!) { run(id: $id) { id status } }`);
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Timestamp: number; JSON: unknown; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
