/**
 * The packed view's scenarios: a plain workload, and the packed ring's known pitfalls as named,
 * replayable runs, each explained where it bites. A scenario fixes what the reader cannot set
 * (a chain as long as the ring every other request, Linux's pre-2023 wrap bug) and gives
 * defaults for what they can (seed, size, features, requests, out-of-order share).
 */
import type { PackedSimConfig } from '../../model/packed/sim';

export interface PackedScenario {
  id: string;
  title: string;
  /** What to watch, in a few sentences. */
  description: string;
  defaults: { queueSize: number; eventIdx: boolean; indirect: boolean; requests: number; outOfOrder: number };
  /** What the scenario fixes in the model's configuration. */
  fixed: Pick<PackedSimConfig, 'wholeRingEvery' | 'driver' | 'checkInvariants' | 'maxElements'>;
}

export const PACKED_SCENARIOS: readonly PackedScenario[] = [
  {
    id: 'mixed',
    title: 'Mixed requests',
    description:
      'Requests of one to four buffers, completed partly out of order. Watch the four positions chase each other round the ring, and each wrap counter flip as its position passes the end.',
    defaults: { queueSize: 8, eventIdx: false, indirect: false, requests: 24, outOfOrder: 50 },
    fixed: {},
  },
  {
    id: 'whole-ring',
    title: 'A chain as long as the ring',
    description:
      'Every other request is a chain of as many descriptors as the ring has slots, so it ends on the slot it started from. The driver must still flip its wrap counter: it went all the way round. Watch next_avail land where it was, with the other counter.',
    defaults: { queueSize: 4, eventIdx: true, indirect: false, requests: 12, outOfOrder: 0 },
    fixed: { wholeRingEvery: 2 },
  },
  {
    id: 'whole-ring-bug',
    title: 'The same chain, with the pre-2023 Linux bug',
    description:
      'Linux flipped its avail wrap counter only when a chain went past its own starting slot, so a chain exactly as long as the ring left the counter on the old lap (fixed in 2023). The bits it wrote were right; its idea of the lap was not. The sleeping device asked (EVENT_IDX) to be kicked once the chain’s first slot is made available; the driver, believing it ended where it began on the same lap, thinks it made nothing new available, does not kick, and the queue hangs. The slots are coloured from the driver’s own positions, so the chain shows as free: that is its mistake.',
    defaults: { queueSize: 4, eventIdx: true, indirect: false, requests: 12, outOfOrder: 0 },
    fixed: { wholeRingEvery: 2, driver: { wholeRingWrapBug: true }, checkInvariants: false },
  },
  {
    id: 'out-of-order',
    title: 'Used ids out of order',
    description:
      'The device always completes a random held buffer rather than the oldest. Used descriptors then carry ids in a different order from the one they were made available in; the driver finds each request by its id, and frees that buffer’s slots whatever the order.',
    defaults: { queueSize: 8, eventIdx: false, indirect: false, requests: 24, outOfOrder: 100 },
    fixed: {},
  },
  {
    id: 'odd-size',
    title: 'A ring of 3 slots',
    description:
      'The split ring needs a power of two, because it finds a slot as index mod size on free-running 16-bit indices. The packed ring keeps a position below the size and a wrap counter instead, so any size works: here the positions go 0, 1, 2 and back to 0 with the counter flipped.',
    defaults: { queueSize: 3, eventIdx: true, indirect: false, requests: 16, outOfOrder: 50 },
    fixed: { maxElements: 2 },
  },
  {
    id: 'off-wrap-lap',
    title: 'off_wrap on the other lap',
    description:
      'With EVENT_IDX on a ring of 2 slots, each side asks to be notified at a slot and a lap (the top bit of off_wrap). The same slot number on the other lap is a whole ring away: watch the event areas and whether each kick and interrupt is sent or suppressed.',
    defaults: { queueSize: 2, eventIdx: true, indirect: false, requests: 16, outOfOrder: 0 },
    fixed: { maxElements: 1 },
  },
];

export function findPackedScenario(id: string | null): PackedScenario | undefined {
  return PACKED_SCENARIOS.find((s) => s.id === id);
}
