import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BatonStorage, Definitions } from '@baton/core';
import { memoryIOManager, notifyRunsQueued, startRunCoordinator, type RunCoordinator } from '@baton/runner';
import type { StorageBackend } from '@baton/storage/testing';
import { createBatonYoga, type BatonYoga, type BatonYogaOptions, type DefinitionsSource } from '../src/index';

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  body: { data?: T; errors?: { message: string; extensions?: Record<string, any>; path?: unknown[] }[] };
}

export interface Harness {
  readonly url: string;
  readonly storage: BatonStorage;
  readonly yoga: BatonYoga;
  source: DefinitionsSource;
  /** POSTs a GraphQL operation as JSON (what GraphiQL and scripts send). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  /** Starts a coordinator executing queued runs with the current definitions. */
  startCoordinator(): RunCoordinator;
  close(): Promise<void>;
}

/**
 * Serves createBatonYoga on a real node:http server (port 0, loopback) over a fresh store of `backend`.
 */
export async function startHarness(
  backend: StorageBackend,
  defs: Definitions,
  options: Partial<Omit<BatonYogaOptions, 'storage' | 'getDefinitions'>> & { storage?: BatonStorage } = {},
): Promise<Harness> {
  const storage = options.storage ?? (await backend.create());
  let coordinator: RunCoordinator | undefined;
  const harness = {} as Harness & { source: DefinitionsSource };
  harness.source = defs;
  const yoga = createBatonYoga({
    pollMs: 100,
    ...options,
    storage,
    getDefinitions: () => harness.source,
    onRunsCreated: () => notifyRunsQueued(),
  });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  Object.assign(harness, {
    url,
    storage,
    yoga,
    async gql(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: await res.json() };
    },
    startCoordinator() {
      const current = harness.source as Definitions;
      coordinator = startRunCoordinator({
        storage,
        definitions: current,
        ioManagers: { default: memoryIOManager() },
        pollMs: 50,
        heartbeatMs: 200,
        onEvent: () => yoga.signal.notify(),
      });
      return coordinator;
    },
    async close() {
      await coordinator?.stop({ cancel: true });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return harness;
}

/** The data of a response, failing the test with the errors when there are any. */
export function dataOf<T = Record<string, any>>(res: GqlResponse<T>): T {
  if (res.body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.body.errors, null, 2)}`);
  return res.body.data!;
}
