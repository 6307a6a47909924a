import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

function reducedMotionQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
}

export function useReducedMotion(): boolean {
  // One query per component, not per render: matchMedia returns a new object each call, which
  // made the effect below drop and re-add its listener on every render (every step while playing).
  const [q] = useState(reducedMotionQuery);
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

/**
 * Fixed-height row virtualisation: only rows in (and near) the viewport are rendered.
 * scrollToRow never reads layout (clientHeight, scrollTop): it is called from effects on
 * every step while playing, right after React has changed the DOM, where a read would force
 * a synchronous layout of the whole page each frame. The height comes from the
 * ResizeObserver and the scroll position from our own bookkeeping and scroll events.
 */
export function useVirtual(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 6) {
  const [scrollTop, setScrollTop] = useState(0);
  const { height } = useElementSize(ref);
  const known = useRef({ height: 0, scrollTop: 0, count: 0 });
  known.current.height = height;
  known.current.count = count;
  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    known.current.scrollTop = el.scrollTop;
    setScrollTop(el.scrollTop);
  }, [ref]);
  const visible = Math.ceil((height || 400) / rowHeight);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, first + visible + 2 * overscan);
  const scrollToRow = useCallback(
    (row: number, mode: 'center' | 'nearest' = 'nearest') => {
      const el = ref.current;
      if (!el) return;
      const k = known.current;
      const h = k.height || el.clientHeight; // before the first measurement only
      const top = row * rowHeight;
      const cur = k.scrollTop;
      let next = cur;
      if (mode === 'center') next = top - h / 2 + rowHeight / 2;
      else if (top < cur) next = top;
      else if (top + rowHeight > cur + h) next = top + rowHeight - h;
      next = Math.round(Math.min(Math.max(0, k.count * rowHeight - h), Math.max(0, next)));
      if (next === cur) return;
      el.scrollTop = next;
      k.scrollTop = next;
      setScrollTop(next);
    },
    [ref, rowHeight],
  );
  return { first, last, total: count * rowHeight, onScroll, scrollToRow, scrollTop, height };
}
