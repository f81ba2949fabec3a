/** One GraphQL error as the server sends it. */
export interface GraphQLErrorShape {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly hint?: string; readonly [k: string]: unknown };
}

/**
 * A failed GraphQL request: the server's own messages (shown to the user as they are), the HTTP status,
 * and the first error's `extensions.code`.
 *
 * @example
 * try { await graphqlRequest(doc, {}); } catch (e) { if (e instanceof GraphQLRequestError) console.log(e.code); }
 */
export class GraphQLRequestError extends Error {
  readonly errors: readonly GraphQLErrorShape[];
  readonly status: number;
  readonly code: string | undefined;
  readonly hint: string | undefined;

  constructor(errors: readonly GraphQLErrorShape[], status: number) {
    super(errors.map((e) => e.message).join('\n') || `The server answered HTTP ${status}`);
    this.name = 'GraphQLRequestError';
    this.errors = errors;
    this.status = status;
    this.code = errors[0]?.extensions?.code;
    const hint = errors[0]?.extensions?.hint;
    this.hint = typeof hint === 'string' ? hint : undefined;
  }
}
