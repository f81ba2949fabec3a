import { timingSafeEqual } from 'node:crypto';
import { GraphQLError, getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * When `token` is set, mutations and subscriptions need `Authorization: Bearer <token>`, and
 * queries too when `protectQueries` is set (otherwise they stay open). A missing or wrong token
 * ends the request with UNAUTHENTICATED (HTTP 401).
 *
 * @example
 * createYoga({ plugins: [useTokenAuth(process.env.BATON_API_TOKEN, { protectQueries: true })] });
 */
export function useTokenAuth(token: string | undefined, options: { protectQueries?: boolean } = {}): Plugin {
  const refusal = (args: { document: DocumentNode; operationName?: string | null | undefined; contextValue: unknown }): GraphQLError | undefined => {
    if (!token) return undefined;
    const kind = getOperationAST(args.document, args.operationName)?.operation ?? 'query';
    if (kind === 'query' && !options.protectQueries) return undefined;
    const request = (args.contextValue as { request?: Request }).request;
    const header = request?.headers.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match && sameToken(match[1]!, token)) return undefined;
    const what = kind === 'mutation' ? 'Mutations' : kind === 'subscription' ? 'Subscriptions' : 'Queries';
    return new GraphQLError(header ? 'The API token is wrong' : `${what} need an API token`, {
      extensions: { code: 'UNAUTHENTICATED', hint: 'send the header "Authorization: Bearer <token>" (the server\'s BATON_API_TOKEN)', http: { status: 401 } },
    });
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
