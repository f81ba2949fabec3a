import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { BatonStorage, Definitions } from '@baton/core';
import { projectIOManagers } from '../project/open-project';
import type { DefinitionsHolder } from './definitions-holder';
import { serveStatic } from './serve-static';

export interface DevServerOptions {
  readonly storage: BatonStorage;
  readonly holder: DefinitionsHolder;
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Mutations need `Authorization: Bearer <token>` when set. */
  readonly token?: string | undefined;
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
  const { createBatonYoga } = await import('@baton/graphql');
  const { notifyRunsQueued } = await import('@baton/runner');
  const { holder } = options;
  const yoga = createBatonYoga({
    storage: options.storage,
    getDefinitions: () => ({ definitions: holder.current ?? null, error: holder.error ?? null }),
    onRunsCreated: notifyRunsQueued,
    ...(options.projectDir !== undefined ? { ioManagers: (defs: Definitions) => projectIOManagers(options.projectDir!, defs) } : {}),
    ...(options.token ? { token: options.token } : {}),
  });
  const statics = serveStatic(options.uiDir ?? DEFAULT_UI_DIR);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/graphql' || path.startsWith('/graphql/') || path === '/health' || path === '/ready') void yoga(req, res);
    else statics(req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${host}:${port}`, server };
}
