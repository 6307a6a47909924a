/**
 * Hostile input, one injection per row of bad-input.md. Device-side rows are written the
 * way a buggy or malicious driver would (bad descriptors in free slots, published in the
 * available ring); driver-side rows the way a buggy device would (bad used entries).
 * The other side must then refuse with the real implementations' message.
 */
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from '../virtio/constants';
import { writeDescriptor } from '../virtio/chain';
import { ring } from '../virtio/layout';
import type { Virtqueue } from '../virtio/queue';
import type { Corruption } from './scenarios';

export interface Injection {
  text: string;
  /** Which side is notified so it reads the bad entry: the device (kick) or the driver (interrupt). */
  wakes: 'device' | 'driver';
  data: Record<string, unknown>;
}

/**
 * Corruptions that need the device to hold a chain when they are injected: otherwise a
 * bad used entry would be caught by an earlier check (the used index moving while
 * nothing is in flight) rather than the one the row is about.
 */
export function needsHeldChain(c: Corruption): boolean {
  return (
    c === 'queue-size-exceeded' ||
    c === 'used-len-too-large' ||
    c === 'used-id-out-of-range' ||
    c === 'used-id-not-head'
  );
}

/** Publish `heads` in the available ring as the (buggy) driver: ring entries, then avail.idx. */
function publishRaw(vq: Virtqueue, heads: number[]): { from: number; to: number } {
  const d = vq.driver.s;
  const from = d.availIdxShadow;
  for (const h of heads) {
    vq.mem.writeU16(ring.availRing(vq.layout, d.availIdxShadow & (vq.layout.queueSize - 1)), h);
    d.availIdxShadow = (d.availIdxShadow + 1) & 0xffff;
  }
  vq.mem.publishU16(ring.availIdx(vq.layout), d.availIdxShadow);
  return { from, to: d.availIdxShadow };
}

/** Two descriptor slots the driver has not handed out (so the corruption never touches live chains). */
function scratch(vq: Virtqueue): [number, number] {
  const free = vq.driver.freeList();
  const qs = vq.layout.queueSize;
  return [free[0] ?? 0, free[1] ?? (qs > 1 ? 1 : 0)];
}

export function injectCorruption(vq: Virtqueue, c: Corruption): Injection {
  const qs = vq.layout.queueSize;
  const table = vq.layout.desc;
  const data = vq.map.buffers.base; // a valid guest address for buffers that must look legitimate
  const tables = vq.map.tables.base;
  const [a, b] = scratch(vq);
  const dev = (text: string, heads: number[], extra: Record<string, unknown> = {}): Injection => {
    const idx = publishRaw(vq, heads);
    return {
      text: `${text} avail.idx ${idx.from}→${idx.to}.`,
      wakes: 'device',
      data: { heads, availIdx: idx, ...extra },
    };
  };
  switch (c) {
    case 'avail-idx-too-far': {
      const d = vq.driver.s;
      const from = d.availIdxShadow;
      d.availIdxShadow = (vq.device.s.lastAvail + qs + 1) & 0xffff;
      vq.mem.publishU16(ring.availIdx(vq.layout), d.availIdxShadow);
      return {
        text: `A buggy driver writes avail.idx ${from}→${d.availIdxShadow}: ${qs + 1} entries past what the device has taken, more than the queue holds.`,
        wakes: 'device',
        data: { availIdx: { from, to: d.availIdxShadow } },
      };
    }
    case 'head-out-of-range':
      return dev(
        `A buggy driver publishes head ${qs + 3} in the available ring; the table has only ${qs} descriptors.`,
        [qs + 3],
      );
    case 'next-out-of-range':
      writeDescriptor(vq.mem, table, a, { addr: data, len: 8, flags: VRING_DESC_F_NEXT, next: qs });
      return dev(`A buggy driver publishes descriptor ${a} with NEXT pointing at ${qs}, past the end of the table.`, [
        a,
      ]);
    case 'descriptor-loop':
      writeDescriptor(vq.mem, table, a, { addr: data, len: 8, flags: VRING_DESC_F_NEXT, next: b });
      writeDescriptor(vq.mem, table, b, { addr: data, len: 8, flags: VRING_DESC_F_NEXT, next: a });
      return dev(`A buggy driver publishes descriptors ${a}→${b}→${a}…: a chain that never ends.`, [a]);
    case 'readable-after-writable':
      writeDescriptor(vq.mem, table, a, { addr: data, len: 8, flags: VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, next: b });
      writeDescriptor(vq.mem, table, b, { addr: data, len: 8, flags: 0, next: 0 });
      return dev(
        `A buggy driver publishes chain ${a}→${b} where the device-readable ${b} follows the device-writable ${a}.`,
        [a],
      );
    case 'zero-length':
      writeDescriptor(vq.mem, table, a, { addr: data, len: 0, flags: 0, next: 0 });
      return dev(`A buggy driver publishes descriptor ${a} with length 0.`, [a]);
    case 'address-out-of-range': {
      const addr = vq.map.total + 0x10000;
      writeDescriptor(vq.mem, table, a, { addr, len: 512, flags: 0, next: 0 });
      return dev(
        `A buggy driver publishes descriptor ${a} pointing at 0x${addr.toString(16)}, beyond the ${vq.map.total} bytes of guest memory.`,
        [a],
        { addr },
      );
    }
    case 'indirect-too-large':
      writeDescriptor(vq.mem, table, a, { addr: tables, len: 16 * (qs + 1), flags: VRING_DESC_F_INDIRECT, next: 0 });
      return dev(
        `A buggy driver publishes descriptor ${a} pointing at an indirect table of ${qs + 1} entries (the queue size is ${qs}).`,
        [a],
      );
    case 'indirect-bad-size':
      writeDescriptor(vq.mem, table, a, { addr: tables, len: 24, flags: VRING_DESC_F_INDIRECT, next: 0 });
      return dev(`A buggy driver publishes descriptor ${a} as an indirect table of 24 bytes, not a multiple of 16.`, [
        a,
      ]);
    case 'nested-indirect': {
      const t = vq.tables.alloc(32, 16) ?? tables;
      writeDescriptor(vq.mem, t, 0, { addr: data, len: 8, flags: VRING_DESC_F_NEXT, next: 1 });
      writeDescriptor(vq.mem, t, 1, { addr: t, len: 16, flags: VRING_DESC_F_INDIRECT, next: 0 });
      if (vq.tables.isAllocated(t)) vq.tables.release(t); // the bytes stay; the driver does not own this table
      writeDescriptor(vq.mem, table, a, { addr: t, len: 32, flags: VRING_DESC_F_INDIRECT, next: 0 });
      return dev(
        `A buggy driver publishes descriptor ${a} → an indirect table whose second entry is itself INDIRECT.`,
        [a],
      );
    }
    case 'indirect-with-next':
      writeDescriptor(vq.mem, table, a, {
        addr: tables,
        len: 32,
        flags: VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT,
        next: b,
      });
      return dev(`A buggy driver publishes descriptor ${a} with both INDIRECT and NEXT set.`, [a]);
    case 'queue-size-exceeded': {
      writeDescriptor(vq.mem, table, a, { addr: data, len: 8, flags: 0, next: 0 });
      // Fill the ring to exactly QS waiting entries (a legal avail.idx), so that with the
      // chain(s) the device already holds it would have to hold more than QS.
      const waiting = (vq.driver.s.availIdxShadow - vq.device.s.lastAvail) & 0xffff;
      const n = Math.max(1, qs - waiting);
      return dev(
        `A buggy driver publishes descriptor ${a} ${n} times; the device already holds ${vq.device.s.inUse} chain(s), so it would end up holding more than ${qs}.`,
        Array(n).fill(a),
      );
    }
    // ---- hostile device ----
    default:
      return usedSide(vq, c);
  }
}

function usedSide(vq: Virtqueue, c: Corruption): Injection {
  const qs = vq.layout.queueSize;
  const d = vq.device.s;
  // A hostile device writes ring memory directly; the model device's own bookkeeping is
  // left alone, exactly as a driver would see it: only the bytes changed.
  const put = (id: number, len: number, bump: number): { from: number; to: number } => {
    const from = vq.mem.readU16(ring.usedIdx(vq.layout));
    const slot = from & (qs - 1);
    vq.mem.writeUsedElem(ring.usedElem(vq.layout, slot), id, len);
    const to = (from + bump) & 0xffff;
    vq.mem.publishU16(ring.usedIdx(vq.layout), to);
    return { from, to };
  };
  switch (c) {
    case 'used-id-out-of-range': {
      const idx = put(qs + 1, 0, 1);
      return {
        text: `A buggy device returns id ${qs + 1} in the used ring; used.idx ${idx.from}→${idx.to}.`,
        wakes: 'driver',
        data: { id: qs + 1, usedIdx: idx },
      };
    }
    case 'used-id-not-head': {
      const drv = vq.driver.s;
      let id = drv.numFree > 0 ? drv.freeHead : -1;
      // no free descriptor: use the second descriptor of some multi-descriptor chain
      for (let h = 0; h < qs && id < 0; h++) if (drv.headState[h] !== 0 && drv.chainLen[h] > 1) id = drv.extraNext[h];
      if (id < 0) id = 0;
      const idx = put(id, 0, 1);
      return {
        text: `A buggy device returns descriptor ${id}, which heads no chain in flight; used.idx ${idx.from}→${idx.to}.`,
        wakes: 'driver',
        data: { id, usedIdx: idx },
      };
    }
    case 'used-index-jump': {
      const idx = put(0, 0, qs);
      return {
        text: `A buggy device moves used.idx ${idx.from}→${idx.to}, claiming ${qs} chains back at once.`,
        wakes: 'driver',
        data: { usedIdx: idx },
      };
    }
    case 'used-len-too-large': {
      let head = 0;
      for (let h = 0; h < qs; h++) {
        if (d.held[h] > 0) {
          head = h;
          break;
        }
      }
      const len = d.heldWritable[head] + 4096;
      const idx = put(head, len, 1);
      return {
        text: `A buggy device completes chain ${head} claiming ${len} bytes written; the chain has room for ${d.heldWritable[head]}.`,
        wakes: 'driver',
        data: { head, len, usedIdx: idx },
      };
    }
    default:
      throw new RangeError(`unknown corruption ${c}`);
  }
}
