/**
 * One row of the descriptor table: a descriptor read from guest memory (owner, addr, len,
 * flags, next, its place in a chain, the indirect toggle), or one entry of an expanded
 * indirect table. Each row is a button whose accessible name spells out what it shows.
 */
import type { KeyboardEvent } from 'react';
import { readDescriptor, type RawDescriptor } from '../../model/virtio/chain';
import { descFlagNames } from '../../model/virtio/constants';
import { GUTTER, ROW } from './descriptor-rows';
import { hasNext, type RingMemory } from './ring-state';
import { OWNER_HELP, OWNER_LABEL, OWNERS, type OwnerMap } from './owners';
import type { Selection } from './selection';
import { hex } from '../format';

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

/** An entry of an expanded indirect table, at row position `r`. */
export function IndirectEntryRow({
  r,
  head,
  k,
  count,
  d,
  selection,
  onSelect,
}: {
  r: number;
  head: number;
  k: number;
  /** Entries in the indirect table. */
  count: number;
  d: RawDescriptor;
  selection: Selection | null;
  onSelect: (s: Selection) => void;
}) {
  const sel = selection?.t === 'ind' && selection.head === head && selection.k === k;
  return (
    <div className={`drow drow-ind${sel ? ' is-selected' : ''}`} style={{ top: r * ROW }} data-ind={`${head}.${k}`}>
      <button className="drow-main" tabIndex={-1} onClick={() => onSelect({ t: 'ind', head, k })}>
        <span style={{ width: GUTTER }} />
        <span className="c-idx">↳{k}</span>
        <span className="c-own">
          <span className="pill pill-ind">indirect</span>
        </span>
        <span className="c-addr mono">{hex(d.addr)}</span>
        <span className="c-len mono">{d.len}</span>
        <span className="c-flags">
          <Flags flags={d.flags} />
        </span>
        <span className="c-next mono">{hasNext(d.flags) ? d.next : ''}</span>
        <span className="c-chain muted">{k + 1 === count ? 'end of table' : ''}</span>
        <span className="sr-only">
          {`Indirect entry ${k} of descriptor ${head}: addr ${hex(d.addr)}, len ${d.len}, flags ${descFlagNames(d.flags).join(' ') || 'none'}, next ${d.next}`}
        </span>
      </button>
    </div>
  );
}

/** Descriptor `i`, read from guest memory, at row position `r`. */
export function DescriptorRow({
  r,
  i,
  vq,
  indirectCount,
  owners,
  selection,
  onSelect,
  errorDesc,
  freeOrderKnown,
  focused,
  onRowKey,
  expanded,
  onToggle,
}: {
  r: number;
  i: number;
  vq: RingMemory;
  /** The driver's entry count per indirect head. */
  indirectCount: ArrayLike<number>;
  owners: OwnerMap;
  selection: Selection | null;
  onSelect: (s: Selection) => void;
  errorDesc: number | null;
  freeOrderKnown: boolean;
  /** Whether this row takes Tab focus (roving focus). */
  focused: boolean;
  onRowKey: (e: KeyboardEvent<HTMLButtonElement>, i: number) => void;
  /** Whether its indirect table is expanded. */
  expanded: boolean;
  onToggle: (i: number) => void;
}) {
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
      className={`drow own-${o}${sel ? ' is-selected' : ''}${errorDesc === i ? ' is-error' : ''}`}
      style={{ top: r * ROW }}
      data-desc={i}
      data-owner={o}
    >
      <button
        className="drow-main"
        tabIndex={focused ? 0 : -1}
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
          onClick={() => onToggle(i)}
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Collapse' : 'Expand'} the indirect table of descriptor ${i}`}
          title="Show the indirect table’s entries"
        >
          {expanded ? '▾' : '▸'} {indirectCount[head] || ''}
        </button>
      )}
    </div>
  );
}
