/**
 * The MemoryFile as a strip of pages, row after row (each row is 256 cells), drawn on a canvas
 * because memory has thousands of pages. Colour = load state; a red cap marks pages a thread is
 * waiting for. Clicking a cell explains it; keyboard users get the same through the list of
 * not-yet-loaded ranges below.
 */
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import { PAGE_SIZE, type PgallocModel } from '../../model/pgalloc';
import { useElementSize } from '../hooks';
import type { Explanation } from '../kit/Widgets';
import {
  AWAITED,
  classCounts,
  classifyPages,
  CLS_HOLE,
  CLS_INFLIGHT,
  CLS_LOADED,
  CLS_QUEUED,
  CLS_UNLOADED,
  foldCells,
  stripGeometry,
} from './derive';
import { explainPages } from './explain';
import { fmtBytes } from './format';
import { COLORS } from '../shared/tokens';

export const CLASS_COLOR: Record<number, string> = {
  [CLS_HOLE]: COLORS.hole,
  [CLS_LOADED]: COLORS.used,
  [CLS_UNLOADED]: COLORS.unloaded,
  [CLS_INFLIGHT]: COLORS.device,
  [CLS_QUEUED]: COLORS.held,
};
const AWAITED_COLOR = COLORS.error;
const PER_ROW = 256;
const MAX_CELLS = 256 * 48;

const LEGEND: {
  key: 'unloaded' | 'queued' | 'inflight' | 'loaded' | 'awaited' | 'hole';
  label: string;
  color: string;
  help: string;
}[] = [
  {
    key: 'unloaded',
    label: 'unloaded',
    color: CLASS_COLOR[CLS_UNLOADED],
    help: 'Saved in the pages file, not read back yet, nobody waiting for it.',
  },
  {
    key: 'queued',
    label: 'queued',
    color: CLASS_COLOR[CLS_QUEUED],
    help: 'A thread needs it; it waits in the priority deque for a free operation slot.',
  },
  {
    key: 'inflight',
    label: 'in flight',
    color: CLASS_COLOR[CLS_INFLIGHT],
    help: 'A read covering it has been issued and not completed.',
  },
  {
    key: 'loaded',
    label: 'loaded',
    color: CLASS_COLOR[CLS_LOADED],
    help: 'Back in memory; the application can use it.',
  },
  {
    key: 'awaited',
    label: 'awaited',
    color: AWAITED_COLOR,
    help: 'A blocked thread is waiting for this page (red cap over the cell).',
  },
  {
    key: 'hole',
    label: 'hole',
    color: CLASS_COLOR[CLS_HOLE],
    help: 'Never committed: not in the pages file, nothing to load.',
  },
];

interface Props {
  model: PgallocModel;
  tick: number;
  onExplain: (e: Explanation) => void;
  /** Pages to outline (a lesson's "watch this range"). */
  mark?: { memPage: number; pages: number } | null;
}

const MARK_COLOR = COLORS.white;

function MemoryStripImpl({ model, tick, onExplain, mark = null }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(wrap);
  const pages = model.layout.pages;
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick: the model is mutable; a new tick means it moved
  const classes = useMemo(() => classifyPages(model.view()), [model, tick]);
  const counts = useMemo(() => classCounts(classes), [classes]);
  const g = stripGeometry(pages, MAX_CELLS, PER_ROW);
  const cellH = g.rows <= 2 ? 34 : g.rows <= 8 ? 14 : 7;
  const labelW = 64;
  const W = Math.max(200, width);
  const cellW = (W - labelW) / g.perRow;
  const H = g.rows * cellH;
  const rowBytes = g.perRow * g.cellPages * PAGE_SIZE;

  useLayoutEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(W * dpr);
    c.height = Math.round(H * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const cells = foldCells(classes, g.cellPages);
    const gap = cellW > 6 ? 1 : 0;
    ctx.font = '10px ui-monospace, monospace';
    ctx.fillStyle = COLORS.muted;
    ctx.textBaseline = 'middle';
    const labelEvery = g.rows > 16 ? 4 : 1;
    for (let r = 0; r < g.rows; r += labelEvery)
      ctx.fillText(fmtBytes(r * rowBytes), 2, r * cellH + Math.max(cellH, 10) / 2);
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      const x = labelW + (i % g.perRow) * cellW;
      const y = Math.floor(i / g.perRow) * cellH;
      ctx.fillStyle = CLASS_COLOR[v & 7];
      ctx.fillRect(x, y, Math.max(1, cellW - gap), cellH - (cellH > 7 ? 2 : 1));
      if (v & AWAITED) {
        ctx.fillStyle = AWAITED_COLOR;
        ctx.fillRect(x, y, Math.max(1, cellW - gap), Math.max(2, Math.round(cellH / 3)));
      }
    }
    if (mark && mark.pages > 0) {
      // Outline every cell the marked range touches, row by row.
      const first = Math.floor(mark.memPage / g.cellPages);
      const last = Math.floor((mark.memPage + mark.pages - 1) / g.cellPages);
      ctx.strokeStyle = MARK_COLOR;
      ctx.lineWidth = 2;
      for (let c = first; c <= last; ) {
        const row = Math.floor(c / g.perRow);
        const end = Math.min(last, (row + 1) * g.perRow - 1);
        const x = labelW + (c % g.perRow) * cellW;
        const w = (end - c + 1) * cellW;
        ctx.strokeRect(x - 1, row * cellH - 1, Math.max(3, w + 1), cellH + 1);
        c = end + 1;
      }
    }
  }, [classes, W, H, cellW, cellH, g.cellPages, g.perRow, g.rows, rowBytes, mark]);

  const cellAt = (clientX: number, clientY: number): number | null => {
    const r = canvas.current?.getBoundingClientRect();
    if (!r) return null;
    const x = clientX - r.left - labelW;
    const y = clientY - r.top;
    if (x < 0 || y < 0) return null;
    const i = Math.floor(y / cellH) * g.perRow + Math.floor(x / cellW);
    return i < g.cells ? i : null;
  };

  const ranges = model.unloadedRanges();
  const loadedPct = Math.round((100 * counts.loaded) / Math.max(1, model.layout.committed.length));
  return (
    <section className="panel pg-strip" aria-labelledby="pg-strip-h">
      <header className="panel-head">
        <h2 id="pg-strip-h">Memory file</h2>
        <span className="muted small">
          {fmtBytes(pages * PAGE_SIZE)} · {g.cellPages === 1 ? 'one page' : `${g.cellPages} pages`} per cell,{' '}
          {fmtBytes(rowBytes)} per row · cells show their most urgent page
        </span>
      </header>
      <ul className="legend pg-legend" aria-label="Page states">
        {LEGEND.map((l) => (
          <li key={l.key} className="legend-item" title={l.help}>
            <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
            <span>
              {l.label}{' '}
              <b className="mono" data-testid={`count-${l.key}`}>
                {counts[l.key]}
              </b>
            </span>
          </li>
        ))}
      </ul>
      <div ref={wrap} className="pg-strip-wrap">
        <canvas
          ref={canvas}
          style={{ width: W, height: H }}
          role="img"
          aria-label={`Memory file: ${loadedPct}% of saved pages loaded; ${counts.inflight} pages in flight, ${counts.queued} queued, ${counts.awaited} awaited by threads, ${counts.unloaded} not yet requested. Click a cell to explain it.`}
          onClick={(e) => {
            const i = cellAt(e.clientX, e.clientY);
            if (i !== null) onExplain(explainPages(model, classes, i * g.cellPages, g.cellPages));
          }}
        />
      </div>
      <details className="pg-ranges">
        <summary>
          Not yet loaded: {ranges.length} range{ranges.length === 1 ? '' : 's'} (the MemoryFile’s <code>unloaded</code>{' '}
          set)
        </summary>
        <ul>
          {ranges.slice(0, 200).map((r) => (
            <li key={r.memOffset}>
              <button
                className="link-btn"
                onClick={() => onExplain(explainPages(model, classes, r.memOffset / PAGE_SIZE, r.bytes / PAGE_SIZE))}
                aria-label={`Explain ${fmtBytes(r.bytes)} at ${fmtBytes(r.memOffset)}`}
              >
                {fmtBytes(r.memOffset)}
              </button>{' '}
              <span className="muted small">
                {fmtBytes(r.bytes)} · file {fmtBytes(r.fileOffset)} · {r.status}
                {r.awaited ? ' · awaited' : ''}
              </span>
            </li>
          ))}
          {ranges.length > 200 && <li className="muted small">… and {ranges.length - 200} more</li>}
        </ul>
      </details>
    </section>
  );
}

export const MemoryStrip = memo(MemoryStripImpl);
