// The C device's side of a case, two ways: the synchronous probe (vq_probe.c: the device thread's loop
// without the thread) for the bulk of the cases, and the real device thread on a memfd woken by an
// eventfd kick, for a sample that shows the two paths give the same result.
import { EventFd, NativeDevice, SharedRegion, loadNativeBridge } from '../index.ts';
import { type Outcome, mapCode, readUsed } from './outcome.ts';
import { MEM_SIZE, type RingCase } from './ring-case.ts';
import type { DeviceError } from '../native.ts';
import type { RingErrorKind } from '@ringside/model/virtio/errors.ts';

type CodeMap = Readonly<Partial<Record<string, RingErrorKind>>>;

function outcome(c: RingCase, bytes: Uint8Array, completed: number, error: DeviceError | null, map?: CodeMap): Outcome {
  return {
    kind: error ? mapCode(error.code, map) : null,
    message: error ? error.message : null,
    completed,
    ...readUsed(c, bytes),
  };
}

/** Run vq.c's pop/walk/echo/push loop once over `bytes` (changed in place). `map` lets a test plant a bug. */
export function runProbe(c: RingCase, bytes: Uint8Array, map?: CodeMap): Outcome {
  const l = c.layout;
  const r = loadNativeBridge().probeVirtqueue(bytes, c.qs, l.desc, l.avail, l.used, c.eventIdx, c.indirect);
  return outcome(c, bytes, r.completed, r.error, map);
}

/** Busy-poll with a macrotask yield: a case finishes in microseconds, a 1 ms timer would dominate. */
async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setImmediate(r));
  }
  return true;
}

/**
 * The real device thread on a memfd holding the case: one kick, then wait until it is broken or has
 * taken everything avail.idx offers (the only two ways its serving pass ends), stop it, read the ring.
 */
export async function runThreaded(c: RingCase): Promise<Outcome> {
  const region = SharedRegion.create(`rs-diff-${c.seed}`, MEM_SIZE);
  const kick = EventFd.create({ nonblocking: true });
  const call = EventFd.create({ nonblocking: true });
  let dev: NativeDevice | null = null;
  try {
    const mem = new Uint8Array(region.buffer);
    mem.set(c.bytes);
    const l = c.layout;
    const availIdx = new DataView(region.buffer).getUint16(l.avail + 2, true);
    dev = NativeDevice.create({
      memFd: region.fd,
      memSize: MEM_SIZE,
      queueSize: c.qs,
      descAddr: l.desc,
      availAddr: l.avail,
      usedAddr: l.used,
      kickFd: kick.fd,
      callFd: call.fd,
      eventIdx: c.eventIdx,
      indirectDesc: c.indirect,
      kind: 'echo',
    });
    const d = dev;
    kick.write(1);
    const done = await until(() => {
      const s = d.stats();
      return s.kickWakeups > 0 && (s.broken || s.lastAvail === availIdx);
    }, 5000);
    const report = d.stop();
    if (!done) throw new Error(`seed ${c.seed}: the device thread neither broke nor drained the ring`);
    return outcome(c, mem, report.stats.chains, report.error);
  } finally {
    dev?.close();
    region.close();
    kick.close();
    call.close();
  }
}
