import { timingSafeEqual } from 'node:crypto';
import { GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * When `token` is set, mutations need `Authorization: Bearer <token>`; queries and subscriptions
 * stay open. A missing or wrong token ends the request with UNAUTHENTICATED (HTTP 401).
 *
 * @example
 * createYoga({ plugins: [useTokenAuth(process.env.BATON_API_TOKEN)] });
 */
export function useTokenAuth(token: string | undefined): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!token) return;
      const op = getOperationAST(args.document, args.operationName);
      if (op?.operation !== 'mutation') return;
      const request = (args.contextValue as { request?: Request }).request;
      const header = request?.headers.get('authorization') ?? '';
      const match = /^Bearer\s+(.+)$/i.exec(header.trim());
      if (match && sameToken(match[1]!, token)) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(header ? 'The API token is wrong' : 'Mutations need an API token', {
            extensions: { code: 'UNAUTHENTICATED', hint: 'send the header "Authorization: Bearer <token>" (the server\'s BATON_API_TOKEN)', http: { status: 401 } },
          }),
        ],
      });
    },
  };
}
