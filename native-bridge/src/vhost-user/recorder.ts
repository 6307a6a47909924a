/**
 * The front-end's own view of a run as trace events (src/model/trace/format.ts): the driver's
 * ring writes, recorded through the guest memory's write observer, attached to the driver step
 * that made them (add, kick, wake, reclaim). The back-end writes the used ring behind the
 * observer's back; what it wrote by each step is read from the shared memory and put in
 * front of that step's writes (src/model/compare/device-writes.ts). Used for runs that do not go through runBatches (request pump,
 * FUSE walks); runBatches records its own.
 */
import type { GuestMemory } from '@ringside/model/memory/guest-memory.ts';
import type { Virtqueue } from '@ringside/model/virtio/queue.ts';
import { fnv32, toHex, type EventKind, type MemoryWrite, type SimEvent } from '@ringside/model/vqsim/events.ts';
import { withDeviceWrites } from '@ringside/model/compare/device-writes.ts';

export class TraceRecorder {
  readonly events: SimEvent[] = [];
  private writes: MemoryWrite[] = [];
  private readonly mem: GuestMemory;
  private readonly saved: GuestMemory['observer'];
  private stopped = false;
  private readonly observed: (e: SimEvent) => SimEvent;

  constructor(
    private readonly vq: Virtqueue,
    private readonly now: () => number,
    /** Keep at most this many events (long benchmarks); later ones are counted, not kept. */
    private readonly limit = 100_000,
  ) {
    this.mem = vq.mem;
    this.saved = vq.mem.observer;
    this.observed = withDeviceWrites(vq);
    const buffersBase = vq.map.buffers.base;
    // Ring and table writes in full; payload writes as length + hash (as runBatches does).
    vq.mem.observer = (gpa, bytes) =>
      this.writes.push(gpa < buffersBase ? [gpa, toHex(bytes)] : [gpa, bytes.length, fnv32(bytes)]);
  }

  dropped = 0;

  emit(kind: EventKind, text: string, data: Record<string, unknown>): void {
    if (this.stopped) return;
    if (this.events.length >= this.limit) {
      this.dropped++;
      this.writes = [];
      return;
    }
    const s = this.vq.driver.s;
    this.events.push(
      this.observed({
        step: this.events.length,
        time: this.now(),
        actor: 'driver',
        kind,
        text,
        data,
        writes: this.writes,
        inFlight: s.inFlight,
        free: s.numFree,
      }),
    );
    this.writes = [];
  }

  /** Restore the memory's previous observer. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.mem.observer = this.saved;
  }
}
