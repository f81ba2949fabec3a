import { useEffect, useRef, useState } from 'react';
import { subscribe } from '../../api/graphql-subscribe';
import { RunEventsSubscription, type RunEventItem } from '../../api/queries/runs';

/**
 * The run's events: the first page from the run query, then live ones from the `runEvents` subscription
 * (SSE) after its cursor, de-duplicated by sequence number. `live` is true while the stream is open.
 *
 * @example
 * const { events, live } = useRunEvents(runId, run.events);
 */
export function useRunEvents(runId: string, initial: { cursor?: string | null; events?: readonly RunEventItem[] | null } | null | undefined) {
  const [events, setEvents] = useState<RunEventItem[]>([]);
  const [live, setLive] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seen = useRef(new Set<string>());
  const initialRef = useRef(initial);
  initialRef.current = initial;
  const ready = !!initial;

  useEffect(() => {
    const initial = initialRef.current;
    if (!initial) return;
    seen.current = new Set();
    const first = (initial.events ?? []).filter((e) => {
      if (!e.seq || seen.current.has(e.seq)) return false;
      seen.current.add(e.seq);
      return true;
    });
    setEvents(first);
    setLive(true);
    const stop = subscribe(RunEventsSubscription, { runId, afterSeq: initial.cursor ?? null }, {
      next: (data) => {
        const e = data.runEvents;
        if (!e?.seq || seen.current.has(e.seq)) return;
        seen.current.add(e.seq);
        setEvents((prev) => [...prev, e]);
      },
      error: (err) => {
        setError(err.message);
        setLive(false);
      },
      complete: () => setLive(false),
    });
    return stop;
  }, [runId, ready]);

  return { events, live, error };
}
