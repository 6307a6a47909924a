/**
 * The descriptor table: one row per descriptor (read from guest memory), coloured by
 * owner, chains drawn as linked arrows in the gutter, indirect tables expandable, the free
 * list drawn as its own chain from free_head, and a minimap of all QS owners. Rows are
 * virtualised, so a 32768-entry table renders as fast as an 8-entry one.
 */
import { memo, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { readDescriptor, type RawDescriptor } from '../../model/virtio/chain';
import { descFlagNames } from '../../model/virtio/constants';
import { hasNext, indirectEntries, type RingMemory } from './ring-state';
import { OWNER_HELP, OWNER_LABEL, OWNERS, type OwnerMap } from './owners';
import type { Selection } from './selection';
import { hex } from '../format';
import { useVirtual } from '../hooks';
import { OWNER_COLORS } from '../shared/tokens';

const ROW = 30;
const GUTTER = 44;
// the owner stripe sits at 38px; arrows end just before it

type Row = { kind: 'desc'; i: number } | { kind: 'ind'; head: number; k: number; d: RawDescriptor; count: number };

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

function Flags({ flags }: { flags: number }) {
  const names = descFlagNames(flags);
  if (!names.length) return <span className="flag flag-none">—</span>;
  return (
    <>
      {names.map((n) => (
        <span
          key={n}
          className={`flag flag-${n.toLowerCase()}`}
          title={
            n === 'NEXT'
              ? 'VRING_DESC_F_NEXT: the chain continues at next'
              : n === 'WRITE'
                ? 'VRING_DESC_F_WRITE: device-writable (else device-readable)'
                : n === 'INDIRECT'
                  ? 'VRING_DESC_F_INDIRECT: addr/len is a table of descriptors'
                  : 'unknown flag bits'
          }
        >
          {n}
        </span>
      ))}
    </>
  );
}

function Minimap({ owners, onPick }: { owners: OwnerMap; onPick: (i: number) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const W = 600;
  const H = 14;
  useEffect(() => {
    const cv = ref.current;
    const ctx = cv?.getContext('2d');
    if (!cv || !ctx) return;
    const qs = owners.qs;
    ctx.clearRect(0, 0, W, H);
    const colors = OWNER_COLORS;
    if (qs <= W) {
      const w = W / qs;
      for (let i = 0; i < qs; i++) {
        ctx.fillStyle = colors[owners.owner[i]];
        ctx.fillRect(i * w, 0, Math.max(1, w - (qs <= 64 ? 1 : 0)), H);
      }
    } else {
      // Each pixel column shows the "busiest" owner among its descriptors (free lowest).
      const per = qs / W;
      for (let x = 0; x < W; x++) {
        let best = 0;
        const a = Math.floor(x * per);
        const b = Math.floor((x + 1) * per);
        for (let i = a; i < b; i++)
          if (owners.owner[i] !== 0 && (best === 0 || owners.owner[i] > best)) best = owners.owner[i];
        ctx.fillStyle = colors[best];
        ctx.fillRect(x, 0, 1, H);
      }
    }
  }, [owners]);
  const summary = OWNERS.map((o, k) => `${owners.counts[k]} ${o}`).join(', ');
  return (
    <canvas
      ref={ref}
      width={W}
      height={H}
      className="minimap"
      role="img"
      aria-label={`Owners of all ${owners.qs} descriptors: ${summary}. Click to scroll the table there.`}
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        onPick(Math.min(owners.qs - 1, Math.floor(((e.clientX - r.left) / r.width) * owners.qs)));
      }}
    />
  );
}

function FreeList({
  owners,
  onSelect,
  selection,
  orderKnown,
}: {
  owners: OwnerMap;
  onSelect: (s: Selection) => void;
  selection: Selection | null;
  orderKnown: boolean;
}) {
  const shown = owners.freeList.slice(0, 24);
  const rest = owners.freeList.length - shown.length;
  if (!orderKnown) {
    return (
      <div
        className="freelist"
        aria-label={`Free descriptors: ${owners.freeList.length} (the trace does not record the free list's order)`}
        role="group"
      >
        <span className="muted" title="The driver's free-list order is private state a trace does not record">
          free, by index:
        </span>
        {shown.length === 0 && <span className="muted">none — every descriptor is in use</span>}
        {shown.map((i) => (
          <button
            key={i}
            className={`chip chip-free${selection?.t === 'desc' && selection.i === i ? ' is-selected' : ''}`}
            onClick={() => onSelect({ t: 'desc', i })}
            aria-label={`Free descriptor ${i}`}
          >
            {i}
          </button>
        ))}
        {rest > 0 && <span className="muted fl-more">… {rest} more</span>}
      </div>
    );
  }
  return (
    <div
      className="freelist"
      aria-label={`Free list from free_head: ${owners.freeList.length} descriptors`}
      role="group"
    >
      <button
        className={`chip chip-ptr${selection?.t === 'ptr' && selection.name === 'free_head' ? ' is-selected' : ''}`}
        onClick={() => onSelect({ t: 'ptr', name: 'free_head' })}
        title="free_head: the driver’s private pointer to the first free descriptor. Click to inspect."
      >
        free_head
      </button>
      {shown.length === 0 && <span className="muted">empty — every descriptor is in use</span>}
      {shown.map((i, k) => (
        <span key={`${k}-${i}`} className="fl-item">
          <span className="fl-arrow" aria-hidden="true">
            →
          </span>
          <button
            className={`chip chip-free${selection?.t === 'desc' && selection.i === i ? ' is-selected' : ''}`}
            onClick={() => onSelect({ t: 'desc', i })}
            aria-label={`Free descriptor ${i}, position ${k} on the free list`}
            title={`Descriptor ${i}: position ${k} on the free list`}
          >
            {i}
          </button>
        </span>
      ))}
      {rest > 0 && <span className="muted fl-more">→ … {rest} more</span>}
    </div>
  );
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
  const { rows, rowOf } = useMemo(() => {
    const heads = [...expanded].filter((h) => h < qs).sort((a, b) => a - b);
    const extra: { head: number; entries: RawDescriptor[] }[] = [];
    for (const h of heads) {
      const entries = indirectEntries(vq, h);
      if (entries.length) extra.push({ head: h, entries });
    }
    let count = qs;
    for (const x of extra) count += x.entries.length;
    // rowAt(r) without materialising QS rows: walk the (few) expansions.
    const rowAt = (r: number): Row => {
      let offset = 0;
      for (const x of extra) {
        const first = x.head + 1 + offset;
        if (r < first) break;
        if (r < first + x.entries.length) {
          const k = r - first;
          return { kind: 'ind', head: x.head, k, d: x.entries[k], count: x.entries.length };
        }
        offset += x.entries.length;
      }
      return { kind: 'desc', i: r - offset };
    };
    const rowOfDesc = (i: number) => {
      let offset = 0;
      for (const x of extra) if (x.head < i) offset += x.entries.length;
      return i + offset;
    };
    return { rows: { count, at: rowAt }, rowOf: rowOfDesc };
    // tick: indirect entries are re-read as the model moves
  }, [expanded, qs, vq, tick]);

  const v = useVirtual(scrollRef, rows.count, ROW);

  // Keep the selected descriptor in view.
  const selDesc = selection?.t === 'desc' ? selection.i : selection?.t === 'ind' ? selection.head : null;
  useEffect(() => {
    if (selDesc !== null && selDesc < qs) v.scrollToRow(rowOf(selDesc));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selDesc, qs]);
  useEffect(() => {
    if (errorDesc !== null) v.scrollToRow(rowOf(errorDesc), 'center');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [errorDesc]);

  const visible: { r: number; row: Row }[] = [];
  for (let r = v.first; r < v.last; r++) visible.push({ r, row: rows.at(r) });

  // Chain links among in-use descriptors (from the driver's private chain order), drawn where visible.
  const links = useMemo(() => {
    const out: { from: number; to: number; owner: number; head: number }[] = [];
    for (const c of owners.chains)
      for (let k = 0; k + 1 < c.descriptors.length; k++)
        out.push({ from: c.descriptors[k], to: c.descriptors[k + 1], owner: c.owner, head: c.head });
    return out;
  }, [owners]);
  const firstRowY = v.first * ROW;
  const lastRowY = v.last * ROW;
  const drawn = links.filter((l) => {
    const a = rowOf(l.from) * ROW;
    const b = rowOf(l.to) * ROW;
    return Math.max(a, b) >= firstRowY - ROW && Math.min(a, b) <= lastRowY + ROW;
  });

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
      <Minimap owners={owners} onPick={(i) => v.scrollToRow(rowOf(i), 'center')} />
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
          <svg
            className="dt-links"
            width={GUTTER}
            height={Math.max(0, lastRowY - firstRowY + 2 * ROW)}
            style={{ top: Math.max(0, firstRowY - ROW) }}
            aria-hidden="true"
          >
            {drawn.map((l) => {
              const base = Math.max(0, firstRowY - ROW);
              const ya = rowOf(l.from) * ROW + ROW / 2 - base;
              const yb = rowOf(l.to) * ROW + ROW / 2 - base;
              const dist = Math.abs(yb - ya) / ROW;
              const bend = Math.min(GUTTER - 6, 10 + Math.log2(1 + dist) * 7);
              const x = GUTTER - 8;
              const col = OWNER_COLORS[l.owner];
              return (
                <g key={`${l.from}-${l.to}`}>
                  <path
                    d={`M${x},${ya} C${x - bend},${ya} ${x - bend},${yb} ${x - 3},${yb}`}
                    fill="none"
                    stroke={col}
                    strokeWidth={1.6}
                    opacity={0.9}
                  />
                  <path
                    d={`M${x - 7},${yb - 3.5} L${x - 1},${yb} L${x - 7},${yb + 3.5}`}
                    fill="none"
                    stroke={col}
                    strokeWidth={1.6}
                  />
                </g>
              );
            })}
          </svg>
          {visible.map(({ r, row }) => {
            if (row.kind === 'ind') {
              const d = row.d;
              const sel = selection?.t === 'ind' && selection.head === row.head && selection.k === row.k;
              return (
                <div
                  key={`i${row.head}.${row.k}`}
                  className={`drow drow-ind${sel ? ' is-selected' : ''}`}
                  style={{ top: r * ROW }}
                  data-ind={`${row.head}.${row.k}`}
                >
                  <button
                    className="drow-main"
                    tabIndex={-1}
                    onClick={() => onSelect({ t: 'ind', head: row.head, k: row.k })}
                  >
                    <span style={{ width: GUTTER }} />
                    <span className="c-idx">↳{row.k}</span>
                    <span className="c-own">
                      <span className="pill pill-ind">indirect</span>
                    </span>
                    <span className="c-addr mono">{hex(d.addr)}</span>
                    <span className="c-len mono">{d.len}</span>
                    <span className="c-flags">
                      <Flags flags={d.flags} />
                    </span>
                    <span className="c-next mono">{hasNext(d.flags) ? d.next : ''}</span>
                    <span className="c-chain muted">{row.k + 1 === row.count ? 'end of table' : ''}</span>
                    <span className="sr-only">
                      {`Indirect entry ${row.k} of descriptor ${row.head}: addr ${hex(d.addr)}, len ${d.len}, flags ${descFlagNames(d.flags).join(' ') || 'none'}, next ${d.next}`}
                    </span>
                  </button>
                </div>
              );
            }
            const i = row.i;
            const d = readDescriptor(vq.mem, vq.layout.desc, i);
            const o = OWNERS[owners.owner[i]];
            const head = owners.headOf[i];
            const chain = head >= 0 ? owners.chains.find((c) => c.head === head) : undefined;
            const pos = chain ? chain.descriptors.indexOf(i) : -1;
            const isInd = (d.flags & 4) !== 0 && head >= 0;
            const sel = selection?.t === 'desc' && selection.i === i;
            const chainText = chain
              ? pos === 0
                ? `${chain.token >= 0 ? `req #${chain.token}` : `head ${head}`}${chain.descriptors.length > 1 ? ` · head of ${chain.descriptors.length}` : ''}`
                : `${pos + 1}/${chain.descriptors.length} of ${head}`
              : freeOrderKnown && i === owners.freeList[0]
                ? 'free_head'
                : '';
            const label = `Descriptor ${i}: ${OWNER_LABEL[o]}. addr ${hex(d.addr)}, len ${d.len}, flags ${descFlagNames(d.flags).join(' ') || 'none'}, next ${d.next}${chain ? `; chain of head ${head}` : ''}.`;
            return (
              <div
                key={`d${i}`}
                className={`drow own-${o}${sel ? ' is-selected' : ''}${errorDesc === i ? ' is-error' : ''}`}
                style={{ top: r * ROW }}
                data-desc={i}
                data-owner={o}
              >
                <button
                  className="drow-main"
                  tabIndex={i === focusIdx ? 0 : -1}
                  onClick={() => onSelect({ t: 'desc', i })}
                  onKeyDown={(e) => onRowKey(e, i)}
                  title={`${OWNER_LABEL[o]} — ${OWNER_HELP[o]}`}
                >
                  <span style={{ width: GUTTER }} />
                  <span className="c-idx mono">{i}</span>
                  <span className="c-own">
                    <span className={`pill pill-${o}`}>
                      {o === 'driver' ? 'avail' : o === 'device' ? 'device' : o === 'used' ? 'used' : o}
                    </span>
                  </span>
                  <span className="c-addr mono">{hex(d.addr)}</span>
                  <span className="c-len mono">{d.len}</span>
                  <span className="c-flags">
                    <Flags flags={d.flags} />
                  </span>
                  <span className="c-next mono">
                    {o === 'free' || hasNext(d.flags) ? d.next : <span className="muted">({d.next})</span>}
                  </span>
                  <span className="c-chain">{chainText}</span>
                  {/* The words after what the row shows: the name starts with the visible text. */}
                  <span className="sr-only">{label}</span>
                </button>
                {isInd && (
                  <button
                    className="ind-toggle"
                    onClick={() => toggle(i)}
                    aria-expanded={expanded.has(i)}
                    aria-label={`${expanded.has(i) ? 'Collapse' : 'Expand'} the indirect table of descriptor ${i}`}
                    title="Show the indirect table’s entries"
                  >
                    {expanded.has(i) ? '▾' : '▸'} {sim.vq.driver.s.indirectCount[head] || ''}
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

export const DescriptorTable = memo(DescriptorTableImpl);
