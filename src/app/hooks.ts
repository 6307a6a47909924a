import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from 'react';

export function useReducedMotion(): boolean {
  const q = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
  const [reduced, setReduced] = useState(q?.matches ?? false);
  useEffect(() => {
    if (!q) return;
    const on = () => setReduced(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, [q]);
  return reduced;
}

export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/** Fixed-height row virtualisation: only rows in (and near) the viewport are rendered. */
export function useVirtual(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 6) {
  const [scrollTop, setScrollTop] = useState(0);
  const { height } = useElementSize(ref);
  const onScroll = useCallback(() => {
    const el = ref.current;
    if (el) setScrollTop(el.scrollTop);
  }, [ref]);
  const visible = Math.ceil((height || 400) / rowHeight);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, first + visible + 2 * overscan);
  const scrollToRow = useCallback(
    (row: number, mode: 'center' | 'nearest' = 'nearest') => {
      const el = ref.current;
      if (!el) return;
      const top = row * rowHeight;
      const h = el.clientHeight;
      if (mode === 'center') el.scrollTop = Math.max(0, top - h / 2 + rowHeight / 2);
      else if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + h) el.scrollTop = top + rowHeight - h;
      setScrollTop(el.scrollTop);
    },
    [ref, rowHeight],
  );
  return { first, last, total: count * rowHeight, onScroll, scrollToRow, scrollTop, height };
}
