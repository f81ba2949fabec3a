import type { TadaDocumentNode } from 'gql.tada';
import { print } from '@0no-co/graphql.web';
import { sendWithApiToken } from './api-token';
import { GraphQLRequestError, type GraphQLErrorShape } from './graphql-error';

/** Where the API lives; the UI is served by the same server. */
export const GRAPHQL_URL = '/graphql';

/**
 * POSTs a typed document to /graphql (with the API token, asked for when the server needs it) and returns its typed data. Any GraphQL error (or a non-JSON
 * answer) throws a `GraphQLRequestError` carrying the server's message.
 *
 * @example
 * const data = await graphqlRequest(RunQuery, { id: 'r1' });
 */
export async function graphqlRequest<TData, TVariables>(
  document: TadaDocumentNode<TData, TVariables>,
  variables: TVariables,
  init: { signal?: AbortSignal } = {},
): Promise<TData> {
  let response: Response;
  try {
    const body = JSON.stringify({ query: print(document), variables });
    response = await sendWithApiToken((auth) =>
      fetch(GRAPHQL_URL, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
        body,
        ...(init.signal ? { signal: init.signal } : {}),
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new GraphQLRequestError([{ message: `Cannot reach the Baton server at ${location.origin}${GRAPHQL_URL}. Is \`baton dev\` running?` }], 0);
  }
  let body: { data?: TData | null; errors?: GraphQLErrorShape[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError([{ message: `The server answered HTTP ${response.status} without a GraphQL response.` }], response.status);
  }
  if (body.errors && body.errors.length > 0) throw new GraphQLRequestError(body.errors, response.status);
  if (body.data == null) throw new GraphQLRequestError([{ message: 'The server returned no data.' }], response.status);
  return body.data;
}
