import type { GraphiQLOptions } from 'graphql-yoga';

let page: Promise<(opts: GraphiQLOptions) => string> | undefined;

/**
 * GraphiQL as one self-contained HTML page (scripts, styles, editor workers and favicon inlined by
 * `@graphql-yoga/render-graphiql`), so `/graphql` works offline: nothing loads from a CDN.
 * The ~9 MB renderer is imported on the first GraphiQL request, not at server start.
 *
 * @example
 * createYoga({ graphiql: true, renderGraphiQL: renderOfflineGraphiQL });
 */
export async function renderOfflineGraphiQL(opts: GraphiQLOptions): Promise<string> {
  page ??= import('@graphql-yoga/render-graphiql').then((m) => m.renderGraphiQL);
  return (await page)({ title: 'Baton GraphiQL', ...opts });
}
