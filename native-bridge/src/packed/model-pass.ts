/**
 * The packed model device doing what one pass of the C packed device (csrc/pvq.c) does, step for step: kicks
 * off, pop every available buffer and echo into it at once (byte k of its writable part = (id + k) & 0xff, all
 * of it), flush the batch, decide about the interrupt, ask for kicks again. Both sides take and return the same
 * plain state, so a test can run them on two copies of one memory image and compare the bytes afterwards.
 */
import type { GuestMemory } from '@ringside/model/memory/guest-memory.ts';
import type { PackedFeatures } from '@ringside/model/packed/constants.ts';
import { PackedDevice } from '@ringside/model/packed/device.ts';
import { freshDeviceState } from '@ringside/model/packed/device-state.ts';
import { PackedRingError } from '@ringside/model/packed/errors.ts';
import type { PackedLayout } from '@ringside/model/packed/layout.ts';
import type { PackedProbeResult, PackedProbeState } from '../native.ts';

/** A fresh device: lap 1 on both positions, nothing signalled yet. */
export function freshProbeState(): PackedProbeState {
  return { lastAvail: 0, availWrap: 1, usedIdx: 0, usedWrap: 1, signalledUsed: 0, signalledValid: false };
}

export function echoPattern(id: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) out[k] = (id + k) & 0xff;
  return out;
}

export function modelPass(
  mem: GuestMemory,
  layout: PackedLayout,
  features: PackedFeatures,
  st: PackedProbeState,
): PackedProbeResult {
  const dev = new PackedDevice(mem, layout, features);
  const s = freshDeviceState(layout.queueSize);
  s.lastAvail = st.lastAvail;
  s.lastAvailWrap = st.availWrap as 0 | 1;
  s.shadowAvail = st.lastAvail;
  s.shadowAvailWrap = st.availWrap as 0 | 1;
  s.usedIdx = st.usedIdx;
  s.usedWrap = st.usedWrap as 0 | 1;
  s.signalledUsed = st.signalledUsed;
  s.signalledUsedValid = st.signalledValid;
  dev.s = s;
  let count = 0;
  let interrupt: boolean | null = null;
  let error: PackedProbeResult['error'] = null;
  try {
    dev.setNotification(false);
    for (;;) {
      const p = dev.pop();
      if (!p) break;
      dev.writeToChain(p.chain, echoPattern(p.chain.id, p.chain.writableBytes));
      dev.fill(p.chain.id, p.chain.writableBytes);
      count++;
    }
    if (count > 0) {
      dev.flush();
      interrupt = dev.shouldInterrupt().interrupt;
    }
    dev.setNotification(true);
  } catch (e) {
    if (!(e instanceof PackedRingError)) throw e;
    error = { kind: e.kind, message: e.message };
    interrupt = null;
  }
  return {
    completed: error ? 0 : count,
    interrupt,
    state: {
      lastAvail: dev.s.lastAvail,
      availWrap: dev.s.lastAvailWrap,
      usedIdx: dev.s.usedIdx,
      usedWrap: dev.s.usedWrap,
      signalledUsed: dev.s.signalledUsed,
      signalledValid: dev.s.signalledUsedValid,
    },
    error,
  };
}
