import { useEffect, useState } from 'react';

/**
 * The current time, re-read every `intervalMs` while `active` (a running run's timeline, relative times
 * such as "5 seconds ago"): the component re-renders on each tick even when no data changed.
 *
 * @example
 * const now = useNow(500, run.status === 'RUNNING');
 */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return active ? now : Date.now();
}
