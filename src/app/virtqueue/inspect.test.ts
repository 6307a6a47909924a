import { describe, expect, it } from 'vitest';
import { Simulation } from '../../model/vqsim/engine';
import { ring } from '../../model/virtio/layout';
import { computeOwners } from '../rings/owners';
import { inspect } from './inspect';

function run(scenario: string, extra: Partial<ConstructorParameters<typeof Simulation>[0]> = {}) {
  return new Simulation({ scenario, seed: 1, ...extra }).run(100_000);
}

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
});
