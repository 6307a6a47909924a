/** One slot's 16 bytes in guest memory, the fields they hold, and what the two bits say. */
import { PACKED_DESC_SIZE } from '../../../model/packed/constants';
import type { PackedSim } from '../../../model/packed/sim';
import { ExplainPanel, type Explanation } from '../../kit/ExplainPanel';
import { REGION_WORDS, type SlotView } from '../derive';

function bitsMeaning(s: SlotView): string {
  if (s.avail !== s.used)
    return `AVAIL ${s.avail} and USED ${s.used} differ: the driver made this descriptor available, on a lap whose wrap counter is ${s.avail}. A device expecting that counter here may read it.`;
  return `AVAIL and USED are both ${s.avail}: the device wrote this as a used descriptor, on a lap whose wrap counter is ${s.avail}. A driver expecting that counter here may reclaim buffer ${s.id}.`;
}

export function SlotInspector({ sim, slot, onClear }: { sim: PackedSim; slot: SlotView | null; onClear: () => void }) {
  return (
    <ExplainPanel
      explanation={slot ? explainSlot(sim, slot) : null}
      onClear={onClear}
      clearLabel="Close the inspector (Esc)"
      testId="pk-insp"
      empty="Click a slot of the ring to see its 16 bytes and what its flag bits mean."
    />
  );
}

/** The slot's bytes as they sit in guest memory, then its four fields decoded. */
function explainSlot(sim: PackedSim, slot: SlotView): Explanation {
  const gpa = sim.q.layout.desc + PACKED_DESC_SIZE * slot.slot;
  const bytes = sim.q.mem.readBytes(gpa, PACKED_DESC_SIZE);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
  const flags = `0x${slot.flags.toString(16).padStart(4, '0')}${slot.next ? ' NEXT' : ''}${slot.write ? ' WRITE' : ''}${
    slot.indirect ? ' INDIRECT' : ''
  } AVAIL=${slot.avail} USED=${slot.used}`;
  return {
    title: `Slot ${slot.slot}`,
    facts: [
      ['addr', `0x${slot.addr.toString(16)}`],
      ['len', slot.len],
      ['id', slot.id],
      [
        'flags',
        <span key="flags" data-testid="pk-insp-flags">
          {flags}
        </span>,
      ],
    ],
    lines: [
      `${REGION_WORDS[slot.region]}.`,
      <span key="hex" className="mono" data-testid="pk-insp-hex">
        0x{gpa.toString(16)}: {hex}
      </span>,
      <span key="bits" data-testid="pk-insp-bits">
        {bitsMeaning(slot)}
      </span>,
    ],
  };
}
