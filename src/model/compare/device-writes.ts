/**
 * The device's writes, as the driver sees them, for a driver-side capture. The driver's
 * events carry only its own writes; the device (qemu-storage-daemon or virtiofsd in another
 * process, the native device thread, or the model's device, whose writes are not the
 * driver's) writes the used ring — elements, used.idx, flags, avail_event — into the memory. Before each event goes
 * out, the used ring in memory is compared with what the trace has described so far, and
 * what changed goes in front of the event's own writes. Replaying the trace then shows the
 * used ring as the driver saw it at each step, instead of a used.idx that never moves.
 *
 * The trace is assumed to start from zeroed ring memory (driver-side capture headers carry
 * no initial image); pass `initial` when the header does. The two driver-side recorders use
 * it: runBatches and the vhost-user TraceRecorder.
 */
import type { GuestMemory } from '../memory/guest-memory';
import { usedRingSize, type SplitLayout } from '../virtio/layout';
import { toHex, type MemoryWrite, type SimEvent } from '../vqsim/events';

/** Equal bytes between two changed ones that still go into one write (fewer, longer writes). */
const JOIN_GAP = 4;

export function withDeviceWrites(
  vq: { layout: SplitLayout; mem: GuestMemory },
  initial?: Uint8Array,
): (e: SimEvent) => SimEvent {
  const start = vq.layout.used;
  const size = usedRingSize(vq.layout.queueSize);
  const known = initial ? initial.slice(start, start + size) : new Uint8Array(size);
  return (e) => {
    const now = vq.mem.readBytes(start, size);
    const seen: MemoryWrite[] = [];
    for (let i = 0; i < size; ) {
      if (now[i] === known[i]) {
        i++;
        continue;
      }
      let end = i + 1;
      for (let j = end; j < size && j - end < JOIN_GAP; j++) if (now[j] !== known[j]) end = j + 1;
      seen.push([start + i, toHex(now.subarray(i, end))]);
      known.set(now.subarray(i, end), i);
      i = end;
    }
    return seen.length ? { ...e, writes: [...seen, ...e.writes] } : e;
  };
}
