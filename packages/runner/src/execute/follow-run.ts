import { isTerminalRunStatus, wakeLatch } from '@baton/core';
import type { BatonEvent, BatonStorage, RunRecord } from '@baton/core';

/**
 * Follows a run another process executes (a dev server or worker claimed it): replays its stored
 * events to `onEvent` as they appear (woken by the storage's change notification, listened to for the
 * whole follow so events committed while it read are not missed; `pollMs` is the safety net) and
 * resolves with the ended run record (without its plan: `plan` is null).
 *
 * @example
 * const ended = await followRun(storage, run.id, (e) => view.handle(e));
 */
export async function followRun(storage: BatonStorage, runId: string, onEvent: (event: BatonEvent) => void, pollMs = 1_000): Promise<RunRecord> {
  const appended = wakeLatch((wake) => storage.onEventsAppended(wake));
  try {
    let after: string | null = null;
    for (;;) {
      const events = await storage.eventsForRun(runId, { afterSeq: after, limit: 1_000 });
      for (const event of events) {
        after = event.seq;
        onEvent(event);
      }
      if (events.length === 1_000) continue;
      const run = await storage.getRun(runId, { withPlan: false });
      if (!run || isTerminalRunStatus(run.status)) {
        // events written between the last read and the end
        for (const event of await storage.eventsForRun(runId, { afterSeq: after })) onEvent(event);
        return run!;
      }
      await appended.wait(pollMs);
    }
  } finally {
    appended.close();
  }
}
