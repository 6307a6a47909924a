/**
 * The descriptor table: one row per descriptor (read from guest memory), coloured by
 * owner, chains drawn as linked arrows in the gutter, indirect tables expandable, the free
 * list drawn as its own chain from free_head, and a minimap of all QS owners. Rows are
 * virtualised, so a 32768-entry table renders as fast as an 8-entry one. This module holds
 * the table's state (expansions, scrolling, roving focus) and composes the parts.
 */
import { memo, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ChainLinks } from './ChainLinks';
import { DescriptorRow, IndirectEntryRow } from './DescriptorRow';
import { type Expansion, GUTTER, ROW, type Row, tableRows } from './descriptor-rows';
import { FreeList } from './FreeList';
import { OwnerMinimap } from './OwnerMinimap';
import { indirectEntries, type RingMemory } from './ring-state';
import { OWNER_HELP, OWNER_LABEL, OWNERS, type OwnerMap } from './owners';
import type { Selection } from './selection';
import { hex } from '../format';
import { useVirtual } from '../hooks';

/**
 * What the table reads: a live Simulation, or a replayed trace's ring memory (the trace
 * view builds this shape from memory at a step), so both draw the same table.
 */
export interface DescriptorSource {
  vq: RingMemory & { driver: { s: { indirectCount: ArrayLike<number> } } };
}

interface Props {
  sim: DescriptorSource;
  tick: number;
  owners: OwnerMap;
  selection: Selection | null;
  onSelect: (s: Selection) => void;
  errorDesc: number | null;
  /**
   * false when only the set of free descriptors is known, not the driver's private
   * free-list order (a replayed trace): the strip then lists them without free_head.
   */
  freeOrderKnown?: boolean;
  /** Accessible name when several tables share a page (landmark names must differ). */
  name?: string;
}

function DescriptorTableImpl({
  sim,
  tick,
  owners,
  selection,
  onSelect,
  errorDesc,
  freeOrderKnown = true,
  name,
}: Props) {
  const vq = sim.vq;
  const qs = owners.qs;
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set());
  const scrollRef = useRef<HTMLDivElement>(null);
  // Unique per table: the replay view can show two tables side by side.
  const headingId = `desc-h${useId()}`;

  // Expanded indirect tables become extra rows right after their descriptor.
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick: indirect entries are re-read as the mutable model moves
  const { rows, rowOf } = useMemo(() => {
    const heads = [...expanded].filter((h) => h < qs).sort((a, b) => a - b);
    const extra: Expansion[] = [];
    for (const h of heads) {
      const entries = indirectEntries(vq, h);
      if (entries.length) extra.push({ head: h, entries });
    }
    return tableRows(qs, extra);
  }, [expanded, qs, vq, tick]);

  const v = useVirtual(scrollRef, rows.count, ROW);

  // Keep the selected descriptor in view.
  const selDesc = selection?.t === 'desc' ? selection.i : selection?.t === 'ind' ? selection.head : null;
  // Scroll when the selection (or the error) changes, not whenever the rows or the list's functions
  // are rebuilt: a step of the run must not pull the table back to the selected row.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new selection scrolls
  useEffect(() => {
    if (selDesc !== null && selDesc < qs) v.scrollToRow(rowOf(selDesc));
  }, [selDesc, qs]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new error scrolls
  useEffect(() => {
    if (errorDesc !== null) v.scrollToRow(rowOf(errorDesc), 'center');
  }, [errorDesc]);

  const visible: { r: number; row: Row }[] = [];
  for (let r = v.first; r < v.last; r++) visible.push({ r, row: rows.at(r) });

  const focusIdx =
    selDesc !== null && selDesc < qs
      ? selDesc
      : visible.find((x) => x.row.kind === 'desc')?.row.kind === 'desc'
        ? (visible.find((x) => x.row.kind === 'desc')!.row as { i: number }).i
        : 0;

  const onRowKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      const n = Math.max(0, Math.min(qs - 1, i + (e.key === 'ArrowDown' ? 1 : -1)));
      onSelect({ t: 'desc', i: n });
      requestAnimationFrame(() =>
        scrollRef.current?.querySelector<HTMLButtonElement>(`[data-desc="${n}"] .drow-main`)?.focus(),
      );
    }
  };

  const toggle = (h: number) =>
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(h)) n.delete(h);
      else n.add(h);
      return n;
    });

  return (
    <section className="panel desc-panel" aria-labelledby={name ? undefined : headingId} aria-label={name}>
      <header className="panel-head">
        <h2 id={headingId}>Descriptor table</h2>
        <span className="muted">
          {qs} × 16 bytes at {hex(vq.layout.desc)}
        </span>
      </header>
      <ul className="legend" aria-label="Owner colours and counts">
        {OWNERS.map((o, k) =>
          o === 'other' && owners.counts[k] === 0 ? null : o === 'held' && owners.counts[k] === 0 ? null : (
            <li key={o} className={`legend-item own-${o}`} title={OWNER_HELP[o]}>
              <span className="swatch" aria-hidden="true" />
              {OWNER_LABEL[o]} <b data-owner-count={o}>{owners.counts[k]}</b>
            </li>
          ),
        )}
      </ul>
      <OwnerMinimap owners={owners} onPick={(i) => v.scrollToRow(rowOf(i), 'center')} />
      <FreeList owners={owners} onSelect={onSelect} selection={selection} orderKnown={freeOrderKnown} />
      <div className="dt-head" aria-hidden="true">
        <span style={{ width: GUTTER }} />
        <span className="c-idx">#</span>
        <span className="c-own">owner</span>
        <span className="c-addr">addr</span>
        <span className="c-len">len</span>
        <span className="c-flags">flags</span>
        <span className="c-next">next</span>
        <span className="c-chain">chain</span>
      </div>
      <div
        className="dt-scroll"
        ref={scrollRef}
        onScroll={v.onScroll}
        role="group"
        aria-label={`Descriptor rows (${qs}); arrow up and down move between rows`}
      >
        <div className="dt-inner" style={{ height: v.total }}>
          <ChainLinks owners={owners} rowOf={rowOf} first={v.first} last={v.last} />
          {visible.map(({ r, row }) =>
            row.kind === 'ind' ? (
              <IndirectEntryRow
                key={`i${row.head}.${row.k}`}
                r={r}
                head={row.head}
                k={row.k}
                count={row.count}
                d={row.d}
                selection={selection}
                onSelect={onSelect}
              />
            ) : (
              <DescriptorRow
                key={`d${row.i}`}
                r={r}
                i={row.i}
                vq={vq}
                indirectCount={vq.driver.s.indirectCount}
                owners={owners}
                selection={selection}
                onSelect={onSelect}
                errorDesc={errorDesc}
                freeOrderKnown={freeOrderKnown}
                focused={row.i === focusIdx}
                onRowKey={onRowKey}
                expanded={expanded.has(row.i)}
                onToggle={toggle}
              />
            ),
          )}
        </div>
      </div>
    </section>
  );
}

export const DescriptorTable = memo(DescriptorTableImpl);
