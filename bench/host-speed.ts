/**
 * How fast this machine runs a fixed piece of JavaScript right now, in ms (lower is faster): objects,
 * Maps, strings and JSON, as a runner step uses them, no I/O. On a shared virtual machine the same code
 * runs 1.5-2x slower in some minutes than in others; `npm run bench` prints this beside each bench
 * file's figures (`hostMs`), so two figures are compared at the same host speed, or not at all.
 */
export function hostSpeedMs(): number {
  // the first calls of a process measure V8 compiling `work` (~85 ms against ~60 on a quiet host)
  for (; warmUps > 0; warmUps--) work();
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[2]!;
}

let sink = 0;
let warmUps = 3;

function work(): void {
  const byKey = new Map<string, { key: string; n: number; tags: string[] }>();
  for (let i = 0; i < 20_000; i++) {
    const key = `asset_${i % 997}/p${i}`;
    const record = { key, n: i, tags: [`t${i % 7}`, `t${i % 11}`] };
    byKey.set(key, record);
    const text = JSON.stringify(record);
    sink += (JSON.parse(text) as { n: number }).n + (byKey.get(`asset_${(i * 31) % 997}/p${i >> 1}`)?.n ?? 0);
  }
  const sorted = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  sink += sorted.length;
}
