/**
 * graphql.subscription.latency.{sqlite,postgres}: from an event appended by another process to its
 * arrival at a client subscribed to `runEvents` over HTTP (server-sent events), median over 200 events
 * appended one per transaction, 15 ms apart. The API wakes on the storage's change notification
 * (SQLite: the newest-seq watch; PostgreSQL: LISTEN/NOTIFY), not on its 250 ms poll.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { definitions } from '@baton/core';
import { openStorageAt, storageBackends, TEST_POSTGRES_ENV, type StorageBackend } from '@baton/storage/testing';
import { below, median, type BenchScenario } from '../../../bench/scenario';
import { createBatonYoga } from '../src/index';

const EVENTS = 200;
const GAP_MS = 15;

async function subscriptionLatency(backend: StorageBackend): Promise<number> {
  const location = await backend.createLocation();
  const storage = await openStorageAt(location);
  const yoga = createBatonYoga({ getDefinitions: () => definitions({ assets: [] }), storage, graphiql: false });
  const server = createServer(yoga);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const controller = new AbortController();
  try {
    const [run] = await storage.createRuns([{ assetKeys: ['a'], partition: { kind: 'none' }, plan: {} }]);
    const afterSeq = await storage.latestEventSeq();
    const query = `subscription { runEvents(runId: "${run!.id}", afterSeq: ${afterSeq === null ? 'null' : `"${afterSeq}"`}) { type message } }`;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query }), signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`subscription failed: HTTP ${response.status}`);
    // give the server's PostgreSQL listener time to connect before the writer starts
    await new Promise((r) => setTimeout(r, 500));
    const writer = spawn(process.execPath, ['--conditions=@baton/source', '--import', 'tsx', join(import.meta.dirname, 'subscription-writer.ts'), JSON.stringify(location), run!.id, String(EVENTS), String(GAP_MS)], { stdio: ['ignore', 'inherit', 'inherit'] });
    const writerDone = new Promise<void>((resolve, reject) => writer.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`)))));
    const latencies: number[] = [];
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    while (latencies.length < EVENTS) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the subscription ended after ${latencies.length} events`);
      const arrivedAt = performance.timeOrigin + performance.now();
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data:'));
        if (!data) continue;
        const event = (JSON.parse(data.slice(5)) as { data?: { runEvents?: { type: string; message: string } } }).data?.runEvents;
        if (event?.type === 'LOG') latencies.push(arrivedAt - Number(event.message));
      }
    }
    await writerDone;
    return median(latencies);
  } finally {
    controller.abort();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await storage.close();
    await backend.cleanup();
  }
}

const backend = (name: 'sqlite' | 'postgres') => storageBackends().find((b) => b.name === name);

export const scenarios: BenchScenario[] = [
  {
    name: 'graphql.subscription.latency.sqlite',
    unit: 'ms',
    bar: below(20),
    run: async () => ({ value: await subscriptionLatency(backend('sqlite')!) }),
  },
  {
    name: 'graphql.subscription.latency.postgres',
    unit: 'ms',
    bar: below(50),
    skip: () => (backend('postgres') ? undefined : `${TEST_POSTGRES_ENV} is not set (e.g. ${TEST_POSTGRES_ENV}=postgres://postgres@127.0.0.1:5432/test)`),
    run: async () => ({ value: await subscriptionLatency(backend('postgres')!) }),
  },
];
