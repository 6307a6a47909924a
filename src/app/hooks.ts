import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState, type RefObject } from 'react';

function reducedMotionQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && window.matchMedia
    ? window.matchMedia('(prefers-reduced-motion: reduce)')
    : null;
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
    const measure = () =>
      setSize((s) =>
        s.width === el.clientWidth && s.height === el.clientHeight
          ? s
          : { width: el.clientWidth, height: el.clientHeight },
      );
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/** Where to scroll so `row` is in the middle ('center') or just in view ('nearest'), within the list. */
function scrollTarget(
  row: number,
  mode: 'center' | 'nearest',
  cur: number,
  viewHeight: number,
  count: number,
  rowHeight: number,
): number {
  const top = row * rowHeight;
  let next = cur;
  if (mode === 'center') next = top - viewHeight / 2 + rowHeight / 2;
  else if (top < cur) next = top;
  else if (top + rowHeight > cur + viewHeight) next = top + rowHeight - viewHeight;
  return Math.round(Math.min(Math.max(0, count * rowHeight - viewHeight), Math.max(0, next)));
}

export interface VirtualOptions {
  overscan?: number;
  /** A row to bring to the middle whenever it (or `recenterOn`) changes: the current step of a log. */
  center?: number | null;
  /** Recentre also when this changes (compared by identity), e.g. a new list of rows. */
  recenterOn?: unknown;
}

/**
 * Fixed-height row virtualisation: only rows in (and near) the viewport are rendered.
 * Nothing here reads layout (clientHeight, scrollTop) during a step: the height comes from
 * the ResizeObserver and the scroll position from our own bookkeeping and scroll events.
 *
 * Following a row (`center`) is resolved in the render itself: the scroll position it needs
 * is computed there, the rows for that position are the ones drawn, and the position is
 * applied in a layout effect, before paint. Setting it from an effect after the commit, as
 * this did before, cost every step a second render and a second full-page layout. Between
 * changes of the centred row the user scrolls freely.
 */
export function useVirtual(
  ref: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  opts: VirtualOptions = {},
) {
  const overscan = opts.overscan ?? 6;
  const center = opts.center ?? null;
  const [, redraw] = useReducer((x: number) => x + 1, 0);
  const { height } = useElementSize(ref);
  const known = useRef({
    height: 0,
    scrollTop: 0,
    count: 0,
    centered: null as number | null,
    centeredOn: undefined as unknown,
  });
  const k = known.current;
  k.height = height;
  k.count = count;
  const h = height || 400; // before the first measurement only
  const recenter = center !== null && (center !== k.centered || opts.recenterOn !== k.centeredOn);
  const scrollTop = recenter ? scrollTarget(center, 'center', k.scrollTop, h, count, rowHeight) : k.scrollTop;
  useLayoutEffect(() => {
    if (!recenter) return;
    k.centered = center;
    k.centeredOn = opts.recenterOn;
    const el = ref.current;
    if (!el || k.scrollTop === scrollTop) return;
    el.scrollTop = scrollTop;
    k.scrollTop = scrollTop;
  });
  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el || el.scrollTop === known.current.scrollTop) return; // our own scroll, already drawn
    known.current.scrollTop = el.scrollTop;
    redraw();
  }, [ref]);
  const visible = Math.ceil(h / rowHeight);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, first + visible + 2 * overscan);
  /** Bring a row into view on request (a selection, an error): `nearest` moves as little as possible. */
  const scrollToRow = useCallback(
    (row: number, mode: 'center' | 'nearest' = 'nearest') => {
      const el = ref.current;
      if (!el) return;
      const kn = known.current;
      const cur = kn.scrollTop;
      const next = scrollTarget(row, mode, cur, kn.height || el.clientHeight, kn.count, rowHeight); // clientHeight: before the first measurement only
      if (next === cur) return;
      el.scrollTop = next;
      kn.scrollTop = next;
      redraw();
    },
    [ref, rowHeight],
  );
  return { first, last, total: count * rowHeight, onScroll, scrollToRow, scrollTop, height };
}
