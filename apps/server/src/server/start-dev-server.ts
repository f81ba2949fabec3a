import { createServer, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { BatonStorage, Definitions } from '@baton/core';
import { projectIOManagers } from '../project/open-project';
import type { TypeWatcher } from '../typecheck/watch-types';
import type { DefinitionsHolder } from './definitions-holder';
import { collectGarbageSoon } from './collect-garbage';
import { readApiSecurity } from './read-api-security';
import { serveStatic } from './serve-static';

export interface DevServerOptions {
  readonly storage: BatonStorage;
  readonly holder: DefinitionsHolder;
  /** The background type check, whose errors `definitionsStatus.typeErrors` shows. */
  readonly types?: TypeWatcher;
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Mutations and subscriptions need `Authorization: Bearer <token>` when set. Default: BATON_API_TOKEN. */
  readonly token?: string | undefined;
  /** Where BATON_PROTECT_QUERIES, BATON_ALLOWED_HOSTS (and BATON_API_TOKEN when `token` is absent) are read. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The project directory: runChecks reads stored values through its IO managers (`.baton/storage` by default). */
  readonly projectDir?: string;
  /** Where the built UI lives. Default: DEFAULT_UI_DIR. */
  readonly uiDir?: string;
}

/** The built UI: apps/web/dist in Baton's repository; dist/ui inside the installed CLI package (copied there by its build). */
export const DEFAULT_UI_DIR = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../../web/dist' : './ui', import.meta.url));

/**
 * The HTTP half of `baton dev`: GraphQL at /graphql (plus /health and /ready), the web UI with a
 * single-page-app fallback everywhere else. Resolves once listening, with the bound URL.
 *
 * @example
 * const { url, server } = await startDevServer({ storage, holder, port: 3000 });
 */
export async function startDevServer(options: DevServerOptions): Promise<{ url: string; server: Server }> {
  const { createBatonYoga, allowedHosts, hostRefusal } = await import('@baton/graphql');
  const security = readApiSecurity(options.env ?? process.env);
  const token = 'token' in options ? options.token : security.token;
  const hosts = allowedHosts(security.allowedHosts);
  const { notifyRunsQueued } = await import('@baton/runner');
  const { holder } = options;
  const yoga = createBatonYoga({
    storage: options.storage,
    getDefinitions: () => ({ definitions: holder.current ?? null, error: holder.error ?? null, ...(options.types ? { typeCheck: options.types.state } : {}) }),
    onRunsCreated: notifyRunsQueued,
    ...(options.projectDir !== undefined ? { ioManagers: (defs: Definitions) => projectIOManagers(options.projectDir!, defs) } : {}),
    ...(token ? { token, protectQueries: security.protectQueries } : {}),
    allowedHosts: hosts,
    onPlanDone: collectGarbageSoon,
  });
  const statics = serveStatic(options.uiDir ?? DEFAULT_UI_DIR);
  const server = createServer((req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0]!;
      const api = path === '/graphql' || path.startsWith('/graphql/') || path === '/health' || path === '/ready';
      // every route, before anything parses the request (a malformed Host would break the API's URL)
      const refusal = hostRefusal({ method: req.method ?? 'GET', host: req.headers.host, origin: req.headers.origin }, hosts);
      if (refusal && api) res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code, hint: refusal.hint } }] }));
      else if (refusal) res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${refusal.message}\n${refusal.hint}\n`);
      else if (!api) statics(req, res);
      else if (MALFORMED_ESCAPE.test(req.url ?? '')) res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ errors: [{ message: 'The request URL has a malformed %-escape', extensions: { code: 'INPUT_INVALID', hint: 'encode the query with encodeURIComponent (a "%" is written %25)' } }] }));
      else Promise.resolve(yoga(req, res)).catch((error: unknown) => failed(res, error)); // bodies: the API's useBodyLimit (413, 411)
    } catch (error) {
      failed(res, error);
    }
  });
  // the API's subscription to the storage's change notifications ends with the server
  server.once('close', () => void Promise.resolve(yoga.dispose()).catch(() => {}));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${host}:${port}`, server };
}

/** A "%" not followed by two hex digits: the URL parser behind the API would fail on it. */
const MALFORMED_ESCAPE = /%(?![0-9a-fA-F]{2})/;

/** A request that failed unexpectedly ends with 500 (or a dropped connection once the answer began); the server stays up. */
function failed(res: ServerResponse, error: unknown): void {
  process.stderr.write(`baton: request failed: ${(error as Error)?.stack ?? String(error)}\n`);
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal server error\n');
  else res.destroy();
}
