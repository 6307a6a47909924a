// The model's device side on a case: VirtqueueDevice pops chains (QEMU virtqueue_pop) until the ring is
// empty or it refuses one; each chain gets the native echo device's answer (dev_echo.c, ported here) so
// the data written into buffers, and hence anything a hostile ring later reads back, is the same
// on both sides.
import { GuestMemory } from '@ringside/model/memory/guest-memory.ts';
import type { ChainWalk } from '@ringside/model/virtio/chain.ts';
import { VirtqueueDevice } from '@ringside/model/virtio/device.ts';
import { isRingError } from '@ringside/model/virtio/errors.ts';
import { type Outcome, readUsed } from './outcome.ts';
import type { RingCase } from './ring-case.ts';

interface Seg {
  at: number;
  len: number;
}

/** The walked chain's buffers (the descriptor that points at an indirect table is not one). */
function segments(w: ChainWalk): { rd: Seg[]; wr: Seg[] } {
  const rd: Seg[] = [];
  const wr: Seg[] = [];
  for (let k = w.indirectCount > 0 ? 1 : 0; k < w.count; k++) {
    (w.flags[k] & 2 ? wr : rd).push({ at: w.addr[k], len: w.len[k] });
  }
  return { rd, wr };
}

/** FNV-1a 64 over the readable bytes, as two 32-bit halves (chain_fnv1a64 without BigInt). */
function fnv1a64(u8: Uint8Array, rd: Seg[]): Uint8Array {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const s of rd) {
    for (let j = 0; j < s.len; j++) {
      lo = (lo ^ u8[s.at + j]) >>> 0;
      // h *= 2^40 + 0x1b3, modulo 2^64
      const low = lo * 0x1b3;
      const carry = Math.floor(low / 0x100000000);
      hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
      lo = low >>> 0;
    }
  }
  const out = new Uint8Array(8);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, lo, true);
  dv.setUint32(4, hi, true);
  return out;
}

/** chain_copy: readable [rdOff..) into writable [wrOff..), segment by segment, memmove semantics. */
function copy(u8: Uint8Array, rd: Seg[], wr: Seg[], wrOff: number, len: number): number {
  let r = 0;
  let w = 0;
  let ro = 0;
  let wo = wrOff;
  while (w < wr.length && wo >= wr[w].len) wo -= wr[w++].len;
  let done = 0;
  while (r < rd.length && w < wr.length && done < len) {
    const k = Math.min(rd[r].len - ro, wr[w].len - wo, len - done);
    u8.copyWithin(wr[w].at + wo, rd[r].at + ro, rd[r].at + ro + k);
    done += k;
    ro += k;
    wo += k;
    if (ro === rd[r].len) {
      r++;
      ro = 0;
    }
    if (wo === wr[w].len) {
      w++;
      wo = 0;
    }
  }
  return done;
}

/** echo_handle: the hash, then as much of the readable bytes as fits; returns the used length. */
export function echo(u8: Uint8Array, w: ChainWalk): number {
  const { rd, wr } = segments(w);
  const hash = fnv1a64(u8, rd);
  let n = 0;
  for (const s of wr) {
    if (n === 8) break;
    const k = Math.min(s.len, 8 - n);
    u8.set(hash.subarray(n, n + k), s.at);
    n += k;
  }
  return n === 8 ? n + copy(u8, rd, wr, 8, w.readableBytes) : n;
}

/** Run the model's device over `bytes` (changed in place) to the first error or the empty ring. */
export function runModel(c: RingCase, bytes: Uint8Array): Outcome {
  const dev = new VirtqueueDevice(new GuestMemory(bytes.buffer), c.layout, {
    eventIdx: c.eventIdx,
    indirect: c.indirect,
  });
  // The device resumes at the used.idx the memory holds, like the C device's vq_init.
  dev.s.lastAvail = c.base;
  dev.s.usedIdx = c.base;
  dev.s.signalledUsed = c.base;
  let completed = 0;
  let kind: Outcome['kind'] = null;
  let message: string | null = null;
  try {
    for (let head = dev.popHead(); head >= 0; head = dev.popHead()) {
      dev.fillUsed(head, echo(bytes, dev.walk));
      dev.flushUsed();
      completed++;
    }
  } catch (e) {
    if (!isRingError(e)) throw e;
    kind = e.kind;
    message = e.message;
  }
  return { kind, message, completed, ...readUsed(c, bytes) };
}
