/**
 * runner.diamond.10k in a process of its own (runner.bench.ts spawns it): 10 layers x 1,000 no-op
 * assets on SQLite, 16 steps at once. Prints {"us": per-step overhead, "peakRssMb": peak RSS}.
 */
import { diamond, perStepUs, sqlite } from './bench-runs';

const storage = await sqlite();
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const us = await perStepUs(storage, diamond(10, 1000), 16);
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
await storage.close();
process.stdout.write(`${JSON.stringify({ us, peakRssMb: peak / 1024 / 1024 })}\n`);
