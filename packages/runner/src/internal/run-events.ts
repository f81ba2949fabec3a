import type { EventLog, StoredEvent } from '@baton/core';

/**
 * Every stored event of a run, in order, read `pageSize` at a time, so a long run's history is never
 * held whole. Stopping early (a `return` or `break` in the `for await`) reads no further pages.
 *
 * @example
 * for await (const e of runEvents(storage, run.id)) if (e.type === 'MATERIALIZATION') wrote.add(e.assetKey);
 */
export async function* runEvents(storage: Pick<EventLog, 'eventsForRun'>, runId: string, pageSize = 5_000): AsyncGenerator<StoredEvent> {
  let afterSeq: string | null = null;
  for (;;) {
    const page = await storage.eventsForRun(runId, { afterSeq, limit: pageSize });
    yield* page;
    if (page.length < pageSize) return;
    afterSeq = page[page.length - 1]!.seq;
  }
}
