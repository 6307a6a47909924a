/**
 * One circular ring (available or used): a slot per queue entry and the free-running u16
 * indices as needles that move (along the ring, across the 65535 → 0 wrap) as the model
 * steps. Up to SVG_SLOT_LIMIT slots are SVG paths you can click and focus (RingSlotsSvg);
 * larger rings are painted on a canvas (RingCanvas). This module composes the two with the
 * needles, the centre readout and the caption.
 */
import { memo } from 'react';
import { Needle } from './Needle';
import type { OwnerMap } from './owners';
import { RingCanvas } from './RingCanvas';
import { C, selectedSlotOutline, SIZE, SVG_SLOT_LIMIT } from './ring-geometry';
import { pointerSpecs } from './ring-legend';
import { RingSlotsSvg } from './RingSlotsSvg';
import type { RingPointers, RingSlots } from './ring-state';
import type { Selection } from './selection';
import { COLORS } from '../shared/tokens';

export interface RingProps {
  kind: 'avail' | 'used';
  pointers: RingPointers;
  slots: RingSlots;
  owners: OwnerMap;
  selection: Selection | null;
  onSelect: (s: Selection) => void;
  /** Transition length for pointer moves (0 = jump). */
  duration: number;
  /** A wrap of one of this ring's indices in the current event, for a visible note. */
  wrapped: string | null;
}

function RingImpl({ kind, pointers, slots, owners, selection, onSelect, duration, wrapped }: RingProps) {
  const qs = slots.qs;
  const svgMode = qs <= SVG_SLOT_LIMIT;
  const selSlot = selection && selection.t === kind ? selection.slot : null;
  const focusSlot = selSlot ?? 0;
  const specs = pointerSpecs(kind, pointers);
  const selectSlot = (s: number) => onSelect({ t: kind, slot: s } as Selection);

  const live =
    kind === 'avail'
      ? (pointers.availIdx - pointers.lastAvail) & 0xffff
      : (pointers.usedIdx - pointers.lastUsed) & 0xffff;
  const title = kind === 'avail' ? 'Available ring' : 'Used ring';
  const main = kind === 'avail' ? pointers.availIdx : pointers.usedIdx;
  const priv = kind === 'avail' ? pointers.lastAvail : pointers.lastUsed;
  const ringLabel = `${title}, ${qs} slots: ${kind === 'avail' ? `avail.idx ${main}, device last_avail ${priv}, ${live} waiting for the device` : `used.idx ${main}, driver last_used ${priv}, ${live} awaiting reclaim${pointers.unflushed ? `, ${pointers.unflushed} filled but unpublished` : ''}`}.`;
  const selSlotArc = selSlot !== null && !svgMode ? selectedSlotOutline(selSlot, qs) : null;

  return (
    <figure className={`ring ring-${kind}`} data-ring={kind} data-idx={main} data-private={priv} data-qs={qs}>
      <div className="ring-canvas-wrap">
        {!svgMode && (
          <RingCanvas
            kind={kind}
            pointers={pointers}
            slots={slots}
            owners={owners}
            selSlot={selSlot}
            focusSlot={focusSlot}
            selectSlot={selectSlot}
            ringLabel={ringLabel}
          />
        )}
        <svg
          viewBox={`0 0 ${SIZE} ${SIZE}`}
          className="ring-svg"
          role="group"
          aria-label={ringLabel}
          style={svgMode ? undefined : { pointerEvents: 'none' }}
        >
          {svgMode && (
            <RingSlotsSvg
              kind={kind}
              slots={slots}
              owners={owners}
              selSlot={selSlot}
              focusSlot={focusSlot}
              selectSlot={selectSlot}
            />
          )}
          {selSlotArc && (
            <path
              d={selSlotArc}
              transform={`translate(${C},${C})`}
              fill="none"
              stroke={COLORS.white}
              strokeWidth={2}
              aria-hidden="true"
            />
          )}
          <g className="needles">
            {specs.map((p) => (
              <Needle
                key={p.name}
                spec={p}
                qs={qs}
                duration={duration}
                selected={selection?.t === 'ptr' && selection.name === p.name}
                onSelect={() => onSelect({ t: 'ptr', name: p.name })}
              />
            ))}
          </g>
          <g className="ring-center" aria-hidden="true">
            <text x={C} y={C - 30} className="rc-title">
              {kind === 'avail' ? 'avail.idx' : 'used.idx'}
            </text>
            <text x={C} y={C - 8} className="rc-main" fill={kind === 'avail' ? COLORS.driver : COLORS.device}>
              {main}
            </text>
            <text x={C} y={C + 11} className="rc-sub" fill={kind === 'avail' ? COLORS.device : COLORS.driver}>
              {kind === 'avail' ? 'last_avail' : 'last_used'} {priv}
            </text>
            <text x={C} y={C + 28} className="rc-live">
              {live} {kind === 'avail' ? 'waiting' : 'to reclaim'}
              {kind === 'used' && pointers.unflushed ? ` · ${pointers.unflushed} unpublished` : ''}
            </text>
            {/* 16-bit odometer: where the index sits in 0…65535, so the wrap is visible */}
            <g transform={`translate(${C - 34},${C + 40})`}>
              <rect width={68} height={3} rx={1.5} fill={COLORS.track} />
              <rect
                x={(main / 65536) * 68 - 1}
                y={-2.5}
                width={2.5}
                height={8}
                fill={kind === 'avail' ? COLORS.driver : COLORS.device}
              />
            </g>
          </g>
        </svg>
      </div>
      <figcaption>
        <span className="ring-name">{title}</span>
        <span className="ring-meta">
          {qs} slots{!svgMode ? ' · canvas' : ''}
        </span>
        <span className="ring-legend" aria-hidden="true">
          {specs.map((p) => (
            <span key={p.name} className="rl-item">
              <span className={`rl-glyph rl-${p.place}`} style={{ color: p.color }}>
                {p.place === 'outer' ? '▼' : p.place === 'inner' ? '▲' : '◯'}
              </span>
              {p.short}
            </span>
          ))}
        </span>
        {wrapped && (
          <span className="wrap-note" role="status">
            ↻ {wrapped}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

export const Ring = memo(RingImpl);
