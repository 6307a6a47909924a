/**
 * The descriptor ring, one card per slot: its buffer id, length, the AVAIL and USED bits and
 * the other flags, coloured by the stretch of the ring it lies in, with the four positions
 * (and their wrap counters) marked under the slots they point at.
 */
import { REGION_WORDS, type Pointer, type SlotView } from '../derive';

export function SlotGrid({
  slots,
  pointers,
  selected,
  onSelect,
  watched = null,
}: {
  slots: SlotView[];
  pointers: Pointer[];
  selected: number | null;
  onSelect: (slot: number) => void;
  /** A slot a lesson asks the reader to watch. */
  watched?: number | null;
}) {
  return (
    <ol className="pk-slots" aria-label={`The descriptor ring: ${slots.length} slots`}>
      {slots.map((s) => {
        const here = pointers.filter((p) => p.slot === s.slot);
        return (
          <li key={s.slot} className="pk-slot-li">
            <button
              type="button"
              className={`pk-slot pk-${s.region}${selected === s.slot ? ' is-selected' : ''}${watched === s.slot ? ' is-watched' : ''}`}
              data-slot={s.slot}
              data-region={s.region}
              data-flags={s.flags}
              data-id={s.id}
              onClick={() => onSelect(s.slot)}
              title={`Slot ${s.slot}: ${REGION_WORDS[s.region]}. Click to inspect its 16 bytes.`}
            >
              <span className="pk-slot-no mono">slot {s.slot}</span>{' '}
              <span className="pk-bits mono">
                <span className={`pk-bit${s.avail ? ' is-on' : ''}`}>A{s.avail}</span>{' '}
                <span className={`pk-bit${s.used ? ' is-on' : ''}`}>U{s.used}</span>
              </span>{' '}
              <span className="pk-slot-body mono small">
                id {s.id} · {s.len} B{s.next ? ' · N' : ''}
                {s.write ? ' · W' : ''}
                {s.indirect ? ' · I' : ''}
              </span>
              <span className="sr-only">; {REGION_WORDS[s.region]}</span>
            </button>
            <div className="pk-ptrs" aria-hidden={here.length === 0}>
              {here.map((p) => (
                <span key={p.name} className={`pk-ptr pk-ptr-${p.side}`} data-pointer={p.name} data-wrap={p.wrap}>
                  {p.name} <span className="muted">w{p.wrap}</span>
                </span>
              ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
