/**
 * The other process of graphql.subscription.latency.*: opens the store at argv[2] (a StorageLocation
 * as JSON), appends argv[4] LOG events to run argv[3], one per transaction every argv[5] ms, each
 * carrying the wall-clock time (ms, sub-ms precision) just before its append as its message.
 */
import { openStorageAt, type StorageLocation } from '@baton/storage/testing';

const [location, runId, count, gapMs] = [JSON.parse(process.argv[2]!) as StorageLocation, process.argv[3]!, Number(process.argv[4]), Number(process.argv[5])];
const storage = await openStorageAt(location);
try {
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, gapMs));
    const sentAt = performance.timeOrigin + performance.now();
    await storage.appendEvents([{ type: 'LOG', runId, stepKey: null, level: 'info', message: String(sentAt), timestamp: Date.now() }]);
  }
} finally {
  await storage.close();
}
