import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;
let scheduled = false;

/**
 * Runs a full garbage collection soon (once, however often it is asked before it runs). A plan
 * (preview, backfill, launch) allocates hundreds of MB of short-lived objects in seconds, and V8
 * lets the heap grow lazily under such bursts: collecting after each plan keeps `baton dev` near
 * its live memory (see the graphql.hostile.rss benchmark). A no-op where gc cannot be exposed.
 *
 * @example
 * createBatonYoga({ storage, getDefinitions, onPlanDone: collectGarbageSoon });
 */
export function collectGarbageSoon(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  if (!gc || scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    gc?.();
  });
}
