/**
 * What the index's columns lack but the replay needs, read from a few event lines: each
 * flush's batch size and interrupt decision (the summary's batches and interrupts), and the
 * private indices' starting values — last_avail from the first pop, last_used from the
 * first reclaim. The index's one pass notes every event here as it is read, for a complete
 * file and a live stream alike.
 */
import type { FlushFacts } from '../../trace/replay/column-timeline';
import type { RingBases } from './ring-view';

function fromOf(data: Record<string, unknown>, key: string): number | null {
  const v = (data[key] as { from?: unknown } | undefined)?.from;
  return typeof v === 'number' ? v : null;
}

export class RingFacts {
  readonly flushes: FlushFacts = new Map();
  /** Index of the first pop, or -1 (a driver-side capture never has one). */
  firstPop = -1;
  firstReclaim = -1;
  private lastAvail0 = 0;
  private lastUsed0 = 0;

  /** Notes event `i` of kind `kind` from its data (events in order, each once). */
  note(i: number, kind: string, data: Record<string, unknown>): void {
    if (kind === 'flush')
      this.flushes.set(i, {
        count: typeof data.count === 'number' ? data.count : 0,
        interrupt: data.interrupt === true,
      });
    else if (kind === 'pop' && this.firstPop < 0) {
      this.firstPop = i;
      this.lastAvail0 = fromOf(data, 'lastAvail') ?? 0;
    } else if (kind === 'reclaim' && this.firstReclaim < 0) {
      this.firstReclaim = i;
      this.lastUsed0 = fromOf(data, 'lastUsed') ?? 0;
    }
  }

  /**
   * The private indices before the first event. Until a reclaim is seen, last_used is the
   * initial used.idx: a driver starts its last_used where the ring's indices start (Linux
   * and the model's driver both do), so a prefix of a live session shows the same value
   * the whole session will.
   */
  bases(usedIdx0: number): RingBases {
    return {
      lastAvail0: this.firstPop >= 0 ? this.lastAvail0 : null,
      lastUsed0: this.firstReclaim >= 0 ? this.lastUsed0 : usedIdx0,
    };
  }
}
