/** One slot's 16 bytes in guest memory, the fields they hold, and what the two bits say. */
import { PACKED_DESC_SIZE } from '../../../model/packed/constants';
import type { PackedSim } from '../../../model/packed/sim';
import { REGION_WORDS, type SlotView } from '../derive';

function bitsMeaning(s: SlotView): string {
  if (s.avail !== s.used)
    return `AVAIL ${s.avail} and USED ${s.used} differ: the driver made this descriptor available, on a lap whose wrap counter is ${s.avail}. A device expecting that counter here may read it.`;
  return `AVAIL and USED are both ${s.avail}: the device wrote this as a used descriptor, on a lap whose wrap counter is ${s.avail}. A driver expecting that counter here may reclaim buffer ${s.id}.`;
}

export function SlotInspector({ sim, slot, onClear }: { sim: PackedSim; slot: SlotView | null; onClear: () => void }) {
  if (!slot)
    return (
      <section className="panel pk-insp" aria-labelledby="pk-insp-h">
        <h2 id="pk-insp-h">Inspector</h2>
        <p className="muted small">Click a slot of the ring to see its 16 bytes and what its flag bits mean.</p>
      </section>
    );
  const gpa = sim.q.layout.desc + PACKED_DESC_SIZE * slot.slot;
  const bytes = sim.q.mem.readBytes(gpa, PACKED_DESC_SIZE);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
  return (
    <section className="panel pk-insp" aria-labelledby="pk-insp-h" data-testid="pk-insp">
      <header className="panel-head">
        <h2 id="pk-insp-h">Slot {slot.slot}</h2>
        <button type="button" className="link-btn" onClick={onClear} title="Close the inspector (Esc)">
          close
        </button>
      </header>
      <p className="small">{REGION_WORDS[slot.region]}.</p>
      <p className="mono small" data-testid="pk-insp-hex">
        0x{gpa.toString(16)}: {hex}
      </p>
      <table className="pk-fields small">
        <caption className="sr-only">Fields of the descriptor</caption>
        <tbody>
          <tr>
            <th scope="row">addr</th>
            <td className="mono">0x{slot.addr.toString(16)}</td>
          </tr>
          <tr>
            <th scope="row">len</th>
            <td className="mono">{slot.len}</td>
          </tr>
          <tr>
            <th scope="row">id</th>
            <td className="mono">{slot.id}</td>
          </tr>
          <tr>
            <th scope="row">flags</th>
            <td className="mono" data-testid="pk-insp-flags">
              0x{slot.flags.toString(16).padStart(4, '0')}
              {slot.next ? ' NEXT' : ''}
              {slot.write ? ' WRITE' : ''}
              {slot.indirect ? ' INDIRECT' : ''} AVAIL={slot.avail} USED={slot.used}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="small" data-testid="pk-insp-bits">
        {bitsMeaning(slot)}
      </p>
    </section>
  );
}
