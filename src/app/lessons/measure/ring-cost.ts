/**
 * What one request's ring work costs here, in this browser: the model's lean round trip
 * (driver add → kick decision → device pop with every check → fill and publish → interrupt
 * decision → driver reclaim) on one queue in one thread, timed in samples. The same loop as
 * `npm run bench`'s model round trip, with the page's clock instead of Node's. DOM-free.
 */
import { GuestMemory } from '../../../model/memory/guest-memory';
import { createQueue } from '../../../model/virtio/queue';

/**
 * Nanoseconds per ring access: one index published (store with release order) and read back
 * (load with acquire order) through the model's guest memory on shared memory — what a side
 * does to tell the other "there is more" when the other side is awake and looking.
 */
export function ringAccessSamples(samples: number, perSample: number, now: () => number): number[] {
  // Shared memory when the page may have it (cross-origin isolated), as the bridge's real rings are.
  const mem = new GuestMemory(
    typeof SharedArrayBuffer === 'undefined' ? new ArrayBuffer(4096) : new SharedArrayBuffer(4096),
  );
  let sink = 0;
  const round = (n: number) => {
    for (let i = 0; i < n; i++) {
      mem.publishU16(2, i & 0xffff);
      sink += mem.acquireU16(2);
    }
  };
  round(perSample);
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = now();
    round(perSample);
    out.push(((now() - t0) * 1e6) / perSample);
  }
  if (sink < 0) throw new Error('unreachable');
  return out;
}

/** Nanoseconds per request for each sample of `perSample` requests (batch 1, EVENT_IDX on). */
export function ringRoundTripSamples(samples: number, perSample: number, now: () => number): number[] {
  const vq = createQueue({ queueSize: 256, features: { eventIdx: true, indirect: false } });
  const outs = [{ addr: vq.buffers.alloc(16)!, len: 16 }];
  const ins = [{ addr: vq.buffers.alloc(513)!, len: 513 }];
  const { driver, device } = vq;
  let sink = 0;
  const round = (n: number) => {
    for (let r = 0; r < n; r++) {
      driver.addBuffers(outs, ins, r);
      if (driver.needsKick()) sink++;
      for (let h = device.popHead(); h >= 0; h = device.popHead()) device.fillUsed(h, 513);
      device.flushUsed();
      if (device.needsInterrupt()) sink++;
      while (driver.reclaim() >= 0) sink += driver.lastUsedLen;
    }
  };
  round(perSample); // let the JIT compile it first
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = now();
    round(perSample);
    out.push(((now() - t0) * 1e6) / perSample);
  }
  if (sink < 0) throw new Error('unreachable'); // keeps the work observable
  return out;
}
