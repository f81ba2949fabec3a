// Load generator for graphql.asset-list.rps, run as its own process (as real clients are):
// node load-client.mjs <port> <concurrency> <durationMs> <body> → prints {"done":N,"ms":T,"errors":E}
import { Agent, request } from 'node:http';

const [port, concurrency, durationMs, body] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const post = () =>
  new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
let done = 0;
let errors = 0;
const t0 = performance.now();
const end = t0 + durationMs;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const r = await post();
      if (r.errors || !r.data) errors++;
      done++;
    }
  }),
);
process.stdout.write(JSON.stringify({ done, ms: performance.now() - t0, errors }));
agent.destroy();
