/** The available ring beside the used ring, as the virtqueue view, the replay and the lessons draw them. */
import type { OwnerMap } from './owners';
import { Ring } from './Ring';
import type { RingPointers, RingSlots } from './ring-state';
import type { Selection } from './selection';

interface Props {
  pointers: RingPointers;
  avail: RingSlots;
  used: RingSlots;
  owners: OwnerMap;
  selection: Selection | null;
  onSelect: (s: Selection) => void;
  /** Transition length for pointer moves (0 = jump). */
  duration: number;
  /** A wrap of either ring's indices in the current event, for a visible note. */
  wrapped?: { avail: string | null; used: string | null };
  /** Which of the two to draw (a lesson step may show one). */
  show?: { avail: boolean; used: boolean };
  className?: string;
}

export function RingPair({ avail, used, wrapped, show, className, ...common }: Props) {
  return (
    <div className={`ring-pair${className ? ` ${className}` : ''}`}>
      {(show?.avail ?? true) && <Ring kind="avail" slots={avail} wrapped={wrapped?.avail ?? null} {...common} />}
      {(show?.used ?? true) && <Ring kind="used" slots={used} wrapped={wrapped?.used ?? null} {...common} />}
    </div>
  );
}
