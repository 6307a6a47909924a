/**
 * Lesson: the packed virtqueue (virtio 1.1). One ring of descriptors that both sides write, the
 * AVAIL and USED bits against each side's wrap counter, what changes at the end of the ring, how
 * a used descriptor skips a whole chain, the event suppression areas, and what the same
 * one-descriptor workload writes on each kind of ring. Every number is read from the run on
 * screen.
 */

import { oneRing, availBits, usedBits, wrap, practice } from './packed-ring/flags';
import { skip, suppression, besideSplit } from './packed-ring/chains-and-costs';

export const steps = [oneRing, availBits, usedBits, wrap, skip, suppression, besideSplit, practice];
