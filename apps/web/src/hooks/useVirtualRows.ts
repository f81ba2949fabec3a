import { useCallback, useEffect, useState, type RefObject } from 'react';

/** The slice of a fixed-height list that is in view, with the padding that stands for the rest. */
export interface VirtualWindow {
  readonly start: number;
  readonly end: number;
  readonly padTop: number;
  readonly padBottom: number;
}

/**
 * The rows `[start, end)` of a list of `count` rows of `rowHeight` px that are visible in the scrolling
 * element `ref` (plus `overscan` rows each side), recomputed on scroll and resize. Only those rows are
 * rendered; `padTop` / `padBottom` keep the scrollbar true to the whole list.
 *
 * @example
 * const { start, end, padTop, padBottom } = useVirtualRows(scrollRef, rows.length, 36);
 */
export function useVirtualRows(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 12): VirtualWindow {
  const [view, setView] = useState({ top: 0, height: 900 });
  const measure = useCallback(() => {
    const el = ref.current;
    if (el) setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  }, [ref]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, [ref, measure]);
  const start = Math.max(0, Math.min(count, Math.floor(view.top / rowHeight) - overscan));
  const end = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
