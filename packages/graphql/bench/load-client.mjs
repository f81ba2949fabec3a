// Load generator for graphql.asset-list.rps and graphql.load.p99, run as its own process (as real clients are):
// node load-client.mjs <port> <concurrency> <durationMs> <body | JSON array of bodies>
//   → prints {"done":N,"ms":T,"errors":E,"p50":ms,"p99":ms,"max":ms,"firstError":…}
// With several bodies each client sends them in turn (client i starts at body i mod n).
import { Agent, request } from 'node:http';

const [port, concurrency, durationMs, arg] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
const parsed = JSON.parse(arg);
const bodies = Array.isArray(parsed) ? parsed.map((b) => JSON.stringify(b)) : [arg];
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const post = (body) =>
  new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString()));
          } catch (error) {
            resolve({ errors: [{ message: `HTTP ${res.statusCode}: ${error.message}` }] });
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
let done = 0;
let errors = 0;
let firstError;
const latencies = [];
const t0 = performance.now();
const end = t0 + durationMs;
await Promise.all(
  Array.from({ length: concurrency }, async (_, client) => {
    for (let i = client; performance.now() < end; i++) {
      const started = performance.now();
      const r = await post(bodies[i % bodies.length]).catch((error) => ({ errors: [{ message: error.message }] }));
      latencies.push(performance.now() - started);
      if (r.errors || !r.data) {
        errors++;
        firstError ??= JSON.stringify(r.errors ?? r).slice(0, 500);
      }
      done++;
    }
  }),
);
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.stdout.write(JSON.stringify({ done, ms: performance.now() - t0, errors, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? 0, ...(firstError ? { firstError } : {}) }));
agent.destroy();
