import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * The content width of an element in CSS pixels, kept current with a ResizeObserver (`fallback` until
 * it is measured), so an SVG can be drawn at its real size and its text stays at its real font size.
 *
 * @example
 * const [ref, width] = useElementWidth<HTMLDivElement>(640); <div ref={ref}><svg width={width} … /></div>
 */
export function useElementWidth<T extends HTMLElement>(fallback: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setWidth((w) => (el.clientWidth > 0 && el.clientWidth !== w ? el.clientWidth : w));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
