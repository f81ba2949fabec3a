import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom as prng } from '@baton/core';
import { baton, makeProject, removeProject, startBaton, stopBaton } from './baton-process';

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One raw HTTP request, path and headers sent as given (fetch would normalise or refuse them). */
function send(port: number, agent: Agent, options: { method: string; path: string; headers: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, agent, method: options.method, path: options.path, headers: options.headers, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body.length < 4096 ? (body += d) : undefined));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: -1, body: '' }));
    });
    // the server may refuse and close early (411/413/400): a reset is an answer, not a crash
    req.on('error', () => resolve({ status: -1, body: '' }));
    req.on('timeout', () => req.destroy());
    req.end(options.body);
  });
}

/** Writes raw bytes on a socket and waits for the server to answer or close. */
function rawSocket(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => resolve(got));
    socket.on('close', () => resolve(got));
    socket.write(bytes, () => socket.end());
  });
}

const HOSTILE_PATHS = [
  '/%', '/%E0%A4%A', '/assets/%ff.js', '/%00', '/%0d%0aSet-Cookie:%20x=1', '/..%2f..%2f..%2fetc%2fpasswd', '/../../../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd', '/graphql/%', '/graphql?query=%', '/graphql?query={', '/health?%', '/ready%', '/assets/', '/assets/..',
  `/${'%'.repeat(2000)}`, `/${'a/'.repeat(2000)}`, '/\u00e9', '/graphql/../graphql', '*', '/%uD800', '/%F0%9F%98', '/index.html%00.js',
];
const HOSTILE_BODIES = [
  '', '{', 'null', '[]', '[{}]', '{"query":null}', '{"query":1}', '{"query":"{"}', '{"query":"{ __typename }","variables":"x"}',
  '{"query":"query($n:Int=1000){ runs(first:$n){nodes{id steps{stepKey}}} backfills(first:$n){nodes{runs(first:$n){id}}} }"}',
  JSON.stringify({ query: `{ ${Array.from({ length: 1000 }, (_, i) => `p${i}: materializeStalePreview { runCount }`).join(' ')} }` }),
  JSON.stringify({ query: `{ ${'assets { nodes { upstreamKeys } } '.repeat(500)} }` }),
  JSON.stringify({ query: `{ asset(key: "raw/orders") ${'{ __typename '.repeat(300)}${'}'.repeat(300)} }` }),
  JSON.stringify({ query: 'query Q { a: __typename } query Q { b: __typename }' }),
  JSON.stringify({ query: 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }' }),
  JSON.stringify(Array.from({ length: 200 }, () => ({ query: '{ __typename }' }))),
  JSON.stringify({ query: 'subscription { runEvents(runId: "nope") { __typename } }' }),
  JSON.stringify({ query: 'mutation { launchBackfill(input: { selection: "*", partitions: { range: { from: "2024-02-30", to: "9999-12-31" } } }) { __typename } }' }),
  `{"query":"${'['.repeat(10_000)}"}`, '['.repeat(50_000), Buffer.from([0xff, 0xfe, 0x00, 0x01, 0xc3, 0x28]).toString('latin1'),
];
const HOSTILE_HEADERS: Record<string, string>[] = [
  { host: 'evil.example' }, { host: '' }, { host: '127.0.0.1:99999' }, { host: '[::1' }, { host: 'localhost:3000@evil.example' },
  { origin: 'null' }, { origin: 'http://evil.example' }, { origin: '%%%' }, { 'content-type': 'application/x-www-form-urlencoded' },
  { 'content-type': 'multipart/form-data; boundary=x' }, { 'content-type': 'text/plain' }, { 'content-type': 'application/json; charset=bogus' },
  { accept: 'text/event-stream' }, { accept: 'multipart/mixed' }, { accept: '*/*;q=abc' }, { authorization: 'Bearer ' }, { authorization: `Bearer ${'x'.repeat(5000)}` },
  { 'x-baton-client': '1' }, { 'content-encoding': 'gzip' }, { 'content-encoding': 'br' }, { 'x-filler': 'y'.repeat(8000) },
];

function randomPath(random: () => number): string {
  const bytes = Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256));
  const text = bytes.map((b) => (b > 0x20 && b < 0x7f && b !== 0x25 && b !== 0x3f && b !== 0x23 ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
  const cut = random() < 0.3 ? text.slice(0, Math.max(0, text.length - 1)) : text; // sometimes a truncated escape
  return `/${random() < 0.4 ? 'graphql' : random() < 0.5 ? 'assets/' : ''}${cut}`;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** RSS of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

// A real `baton dev`, loopback only, takes thousands of random and hostile requests (paths, headers,
// bodies, raw bytes) and stays up, answering its health check and GraphQL, with bounded memory.
describe('baton dev under hostile HTTP input', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let port: number;

  beforeAll(async () => {
    dir = makeProject('shop');
    const started = await startBaton(['dev', '--port', '0', '--workers', '1'], {
      cwd: dir,
      env: { BATON_ALLOWED_HOSTS: 'baton.test', BATON_API_TOKEN: 's3cret' },
      ready: /ready at (http:\/\/127\.0\.0\.1:(\d+))/,
      timeoutMs: 40_000,
    });
    child = started.child;
    url = started.match[1]!;
    port = Number(started.match[2]);
  }, 60_000);
  afterAll(async () => {
    if (child) expect(await stopBaton(child)).toBe(0);
    removeProject(dir);
  });

  const alive = async () => {
    expect(child.exitCode, 'baton dev exited').toBeNull();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ assets { totalCount } }' }) });
    expect(((await res.json()) as { data: { assets: { totalCount: number } } }).data.assets.totalCount).toBe(4);
  };

  it('answers the malformed paths of issue 17 with 400 and stays up', async () => {
    const agent = new Agent({ keepAlive: true });
    for (const path of ['/%', '/%E0%A4%A', '/assets/%ff.js']) {
      const res = await send(port, agent, { method: 'GET', path, headers: {} });
      expect(res.status, path).toBe(400);
      expect(res.body).toContain('not a valid URL path');
    }
    agent.destroy();
    await alive();
  });

  it('refuses API bodies over 2 MiB (413) and chunked ones (411) from their headers, saying what to send', async () => {
    const large = await rawSocket(port, `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${3 * 1024 * 1024}\r\n\r\n{"query":"`);
    expect(large).toMatch(/^HTTP\/1\.1 413 /);
    expect(large).toContain('REQUEST_TOO_LARGE');
    expect(large).toContain('at most 2097152');
    const chunked = await rawSocket(port, `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"que\r\n`);
    expect(chunked).toMatch(/^HTTP\/1\.1 411 /);
    expect(chunked).toContain('LENGTH_REQUIRED');
    await alive();
  });

  it('refuses other Host names with 421 (UI and API), accepts BATON_ALLOWED_HOSTS, refuses cross-origin writes', async () => {
    const agent = new Agent({ keepAlive: true });
    const ui = await send(port, agent, { method: 'GET', path: '/', headers: { host: 'evil.example' } });
    expect(ui.status).toBe(421);
    expect(ui.body).toContain('BATON_ALLOWED_HOSTS=evil.example');
    const body = JSON.stringify({ query: '{ assets { totalCount } }' });
    const api = await send(port, agent, { method: 'POST', path: '/graphql', headers: { host: `evil.example:${port}`, 'content-type': 'application/json' }, body });
    expect(api.status).toBe(421);
    expect(JSON.parse(api.body).errors[0].extensions.code).toBe('HOST_NOT_ALLOWED');
    const allowed = await send(port, agent, { method: 'POST', path: '/graphql', headers: { host: `baton.test:${port}`, 'content-type': 'application/json' }, body });
    expect(JSON.parse(allowed.body).data.assets.totalCount).toBe(4);
    const mutation = JSON.stringify({ query: 'mutation { materialize(selection: "raw/orders", partition: "2024-01-01") { __typename } }' });
    const cross = await send(port, agent, { method: 'POST', path: '/graphql', headers: { origin: 'http://evil.example', 'content-type': 'application/json', authorization: 'Bearer s3cret' }, body: mutation });
    expect(cross.status).toBe(403);
    expect(JSON.parse(cross.body).errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    // the token covers subscriptions
    const sub = await send(port, agent, { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: 'subscription { assetStatusChanges { assetKey } }' }) });
    expect(sub.body).toContain('Subscriptions need an API token');
    agent.destroy();
  });

  it('survives thousands of random and hostile requests with bounded memory', async () => {
    const random = prng(17);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const deadline = Date.now() + 60_000;
    const statuses = new Map<number, number>();
    let peak = rssMb(child.pid!);
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssMb(child.pid!));
      } catch {
        /* exited: asserted below */
      }
    }, 100);
    let sent = 0;
    const one = async (i: number): Promise<void> => {
      const kind = random();
      let answer: Answer;
      if (kind < 0.05) {
        const garbage = pick(random, ['GET / HTTP/1.1\r\nHost: \r\n\r\n', 'GARBAGE\r\n\r\n', 'GET /%%% HTTP/1.1\r\n\r\n', 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"q', `GET /${'x'.repeat(70_000)} HTTP/1.1\r\n\r\n`, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n']);
        await rawSocket(port, garbage);
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
        return;
      }
      const path = kind < 0.35 ? pick(random, HOSTILE_PATHS) : kind < 0.6 ? randomPath(random) : '/graphql';
      const method = pick(random, ['GET', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH']);
      const headers: Record<string, string> = { 'content-type': 'application/json', ...pick(random, HOSTILE_HEADERS) };
      if (random() < 0.3) Object.assign(headers, pick(random, HOSTILE_HEADERS));
      const body = method === 'GET' || method === 'HEAD' ? undefined : random() < 0.85 ? pick(random, HOSTILE_BODIES) : Buffer.from(Array.from({ length: Math.floor(random() * 5000) }, () => Math.floor(random() * 256)));
      answer = await send(port, agent, { method, path, headers, ...(body !== undefined ? { body } : {}) });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expect(answer.status, `${method} ${path.slice(0, 80)} ${JSON.stringify(headers).slice(0, 120)} → ${answer.body.slice(0, 200)}`).not.toBe(500);
      expect(answer.body).not.toContain('root:x:0');
      void i;
    };
    try {
      const workers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < 3000 && Date.now() < deadline; i += 8) {
          await one(i);
          sent++;
        }
      });
      await Promise.all(workers);
    } finally {
      clearInterval(sampler);
      agent.destroy();
    }
    console.error(`fuzz: ${sent} requests, peak RSS ${peak.toFixed(0)} MB, answers ${JSON.stringify([...statuses])}`);
    expect(sent).toBeGreaterThan(1000);
    await alive();
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(statuses.get(421)).toBeGreaterThan(10);
    expect(peak, `peak RSS ${peak.toFixed(0)} MB; answers ${JSON.stringify([...statuses])}`).toBeLessThan(400);
  }, 120_000);

  it('refuses BATON_PROTECT_QUERIES without a token, with one line saying what to set', async () => {
    const alone = await baton(['dev', '--port', '0'], { cwd: dir, env: { BATON_PROTECT_QUERIES: '1', BATON_API_TOKEN: '' }, timeoutMs: 50_000 });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('BATON_PROTECT_QUERIES is set but BATON_API_TOKEN is not');
  }, 60_000);
});
