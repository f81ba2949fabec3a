import type { TadaDocumentNode } from 'gql.tada';
import { print } from '@0no-co/graphql.web';
import { sendWithApiToken } from './api-token';
import { GraphQLRequestError, type GraphQLErrorShape } from './graphql-error';
import { GRAPHQL_URL } from './graphql-request';

export interface SubscriptionHandlers<TData> {
  next(data: TData): void;
  error?(error: GraphQLRequestError): void;
  complete?(): void;
}

/**
 * Runs a GraphQL subscription over Server-Sent Events (graphql-yoga's built-in transport: POST with
 * `Accept: text/event-stream`, `event: next` / `event: complete` frames). Returns a function that stops it.
 *
 * @example
 * const stop = subscribe(RunEventsSubscription, { runId }, { next: (d) => console.log(d) });
 */
export function subscribe<TData, TVariables>(
  document: TadaDocumentNode<TData, TVariables>,
  variables: TVariables,
  handlers: SubscriptionHandlers<TData>,
): () => void {
  const controller = new AbortController();
  void (async () => {
    try {
      const body = JSON.stringify({ query: print(document), variables });
      const response = await sendWithApiToken((auth) =>
        fetch(GRAPHQL_URL, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream' }, body, signal: controller.signal }),
      );
      if (!response.ok || !response.body) {
        const text = await response.text().catch(() => '');
        throw new GraphQLRequestError([{ message: text || `Subscription failed: HTTP ${response.status}` }], response.status);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const { event, data } = parseFrame(frame);
          if (event === 'complete') {
            handlers.complete?.();
            controller.abort();
            return;
          }
          if (!data) continue;
          const payload = JSON.parse(data) as { data?: TData; errors?: GraphQLErrorShape[] };
          if (payload.errors?.length) handlers.error?.(new GraphQLRequestError(payload.errors, 200));
          else if (payload.data) handlers.next(payload.data);
        }
      }
      handlers.complete?.();
    } catch (error) {
      if (controller.signal.aborted) return;
      handlers.error?.(error instanceof GraphQLRequestError ? error : new GraphQLRequestError([{ message: String((error as Error).message ?? error) }], 0));
    }
  })();
  return () => controller.abort();
}

/** Splits one SSE frame into its event name and joined data lines. */
export function parseFrame(frame: string): { event: string; data: string } {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return { event, data: data.join('\n') };
}
