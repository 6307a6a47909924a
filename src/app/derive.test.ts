import { describe, expect, it } from 'vitest';
import { Simulation } from '../model/vqsim/engine';
import { HeadState } from '../model/virtio/driver';
import { ring } from '../model/virtio/layout';
import {
  availSlots,
  computeOwners,
  computeSeries,
  firstError,
  inspect,
  O_DEVICE,
  O_DRIVER,
  O_FREE,
  O_USED,
  OWNERS,
  parseSelection,
  readPointers,
  selectionKey,
  slotRuns,
  SLOT_LIVE,
  usedSlots,
} from './derive';

function run(scenario: string, extra: Partial<ConstructorParameters<typeof Simulation>[0]> = {}) {
  return new Simulation({ scenario, seed: 1, ...extra }).run(100_000);
}

describe('descriptor owners', () => {
  it('partition the table and agree with the model at every step of a run', () => {
    const sim = run('out-of-order');
    const seen = new Set<number>();
    for (let p = 0; p <= sim.log.length; p += 7) {
      sim.seek(p);
      const m = computeOwners(sim.vq);
      const d = sim.vq.driver.s;
      expect(m.counts.reduce((a, b) => a + b, 0)).toBe(sim.vq.layout.queueSize);
      expect(m.counts[O_FREE]).toBe(d.numFree);
      expect(m.counts[5]).toBe(0);
      for (let i = 0; i < m.qs; i++) {
        seen.add(m.owner[i]);
        const h = m.headOf[i];
        if (m.owner[i] === O_DEVICE)
          expect(sim.vq.device.s.held[h] > 0 || sim.vq.device.pendingHeads().includes(h)).toBe(true);
        if (m.owner[i] !== O_FREE) expect(d.headState[h]).not.toBe(HeadState.Free);
      }
      // chains published but not popped = entries between last_avail and avail.idx
      const p2 = readPointers(sim.vq, false);
      const waiting = (p2.availIdx - p2.lastAvail) & 0xffff;
      expect(m.chains.filter((c) => c.owner === O_DRIVER).length).toBe(waiting);
      const toReclaim = (p2.usedIdx - p2.lastUsed) & 0xffff;
      expect(m.chains.filter((c) => c.owner === O_USED).length).toBe(toReclaim);
    }
    expect([...seen].sort()).toEqual([O_FREE, O_DRIVER, O_DEVICE, O_USED]);
  });

  it('marks recycled RX chains as driver, device or held, never free', () => {
    const sim = run('nebula-rx');
    sim.seek(Math.floor(sim.log.length / 2));
    const m = computeOwners(sim.vq);
    expect(m.counts[O_FREE]).toBe(sim.vq.driver.s.numFree);
    expect(OWNERS.length).toBe(6);
  });
});

describe('rings', () => {
  it('live avail slots are exactly the window [last_avail, avail.idx), also across the 65535 wrap', () => {
    const sim = run('wrap-around');
    let wrapped = false;
    for (let p = 0; p <= sim.log.length; p++) {
      sim.seek(p);
      const ptr = readPointers(sim.vq, true);
      if (ptr.availIdx < 100) wrapped = true;
      const a = availSlots(sim.vq, ptr);
      const live = [...a.state].filter((s) => s === SLOT_LIVE).length;
      expect(live).toBe((ptr.availIdx - ptr.lastAvail) & 0xffff);
      const u = usedSlots(sim.vq, ptr);
      expect([...u.state].filter((s) => s === SLOT_LIVE).length).toBe((ptr.usedIdx - ptr.lastUsed) & 0xffff);
    }
    expect(wrapped).toBe(true);
  });

  it('slotRuns merges equal neighbours and skips stale slots', () => {
    expect(slotRuns(new Uint8Array([0, 1, 1, 0, 2, 2, 1]))).toEqual([
      { start: 1, end: 3, state: 1 },
      { start: 4, end: 6, state: 2 },
      { start: 6, end: 7, state: 1 },
    ]);
  });
});

describe('inspector', () => {
  it('shows the exact bytes of descriptors, slots and pointers from guest memory', () => {
    const sim = run('steady');
    sim.seek(20);
    const owners = computeOwners(sim.vq);
    const l = sim.vq.layout;
    const d = inspect(sim, { t: 'desc', i: 1 }, owners)!;
    expect(Array.from(d.bytes)).toEqual(Array.from(sim.vq.mem.readBytes(ring.descAddr(l, 1), 16)));
    expect(d.fields.map((f) => f.name)).toEqual(['addr', 'len', 'flags', 'next']);
    const a = inspect(sim, { t: 'avail', slot: 1 }, owners)!;
    expect(a.gpa).toBe(ring.availRing(l, 1));
    const u = inspect(sim, { t: 'used', slot: 0 }, owners)!;
    expect(u.bytes.length).toBe(8);
    const idx = inspect(sim, { t: 'ptr', name: 'avail.idx' }, owners)!;
    expect(idx.bytes[0] | (idx.bytes[1] << 8)).toBe(sim.vq.mem.readU16(ring.availIdx(l)));
    const priv = inspect(sim, { t: 'ptr', name: 'last_avail' }, owners)!;
    expect(priv.gpa).toBeNull();
    expect(priv.bytes[0] | (priv.bytes[1] << 8)).toBe(sim.vq.device.s.lastAvail);
    // An eventfd: not in guest memory; its 8 bytes are the counter a read() would return.
    const kick = inspect(sim, { t: 'efd', name: 'kick' }, owners)!;
    expect(kick.gpa).toBeNull();
    expect(new DataView(kick.bytes.buffer).getBigUint64(0, true)).toBe(BigInt(sim.vq.kick.s.counter));
    expect(kick.notes[0]).toContain(`${sim.vq.kick.s.writes} written`);
  });

  it('selection keys round-trip', () => {
    for (const s of [
      { t: 'desc', i: 3 },
      { t: 'ind', head: 1, k: 2 },
      { t: 'avail', slot: 0 },
      { t: 'used', slot: 7 },
      { t: 'ptr', name: 'used_event' },
      { t: 'efd', name: 'kick' },
      { t: 'efd', name: 'call' },
    ] as const) {
      expect(parseSelection(selectionKey(s))).toEqual(s);
    }
  });
});

describe('series and errors', () => {
  it('series follow the log', () => {
    const sim = run('bursty');
    const s = computeSeries(sim.log);
    const last = sim.log.length - 1;
    expect(s.kicks[last]).toBe(sim.log.filter((e) => e.kind === 'kick').length);
    expect(s.completed[last]).toBe(sim.log.filter((e) => e.kind === 'reclaim').length);
    expect(s.free[last]).toBe(sim.log[last].free);
  });

  it('a hostile run has its refusal with the real implementations’ words', () => {
    const sim = run('hostile-descriptor-loop');
    const e = firstError(sim.log)!;
    expect(e.info.kind).toBe('DescriptorLoop');
    expect(e.terms.some(([who]) => who === 'QEMU')).toBe(true);
  });
});
