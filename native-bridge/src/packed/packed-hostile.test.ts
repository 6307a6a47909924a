// Hostile rings, written by hand into the memfd: the model device and the C device (csrc/pvq.c) must refuse
// them with the same error kind and the same message, and leave the same bytes behind.
import { describe, expect, it } from 'vitest';
import {
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_PACKED_DESC_F_AVAIL,
  VRING_PACKED_DESC_F_USED,
} from '@ringside/model/packed/constants.ts';
import { writePackedDesc, type PackedDescriptor } from '@ringside/model/packed/layout.ts';
import { openPackedPair, passBoth, type PackedPair } from './packed-pair.ts';

const A = VRING_PACKED_DESC_F_AVAIL; // available in lap 1 (wrap counter 1)
const AU = VRING_PACKED_DESC_F_AVAIL | VRING_PACKED_DESC_F_USED;
const N = VRING_DESC_F_NEXT;
const W = VRING_DESC_F_WRITE;
const I = VRING_DESC_F_INDIRECT;

interface Case {
  name: string;
  qs?: number;
  indirect?: boolean;
  /** Ring slots to write, and optionally an indirect table at the tables area. */
  ring: (p: PackedPair, buf: number, table: number) => PackedDescriptor[];
  table?: (buf: number) => PackedDescriptor[];
  kind: string | null;
  message?: string;
  completed?: number;
}

const cases: Case[] = [
  {
    name: 'AVAIL/USED bits of the other lap: simply not available',
    ring: (_p, buf) => [{ addr: buf, len: 16, id: 0, flags: VRING_PACKED_DESC_F_USED }],
    kind: null,
    completed: 0,
  },
  {
    name: 'slot already marked used for the current lap',
    ring: (_p, buf) => [{ addr: buf, len: 16, id: 0, flags: AU }],
    kind: 'UsedInCurrentLap',
    message: 'slot 0 is already marked used for wrap counter 1 before the device read it (flags 0x8080)',
  },
  {
    name: 'buffer id out of range',
    ring: (_p, buf) => [{ addr: buf, len: 16, id: 11, flags: A }],
    kind: 'BufferIdOutOfRange',
    message: 'Guest says index 11 is available',
  },
  {
    name: 'buffer id already held',
    ring: (_p, buf) => [
      { addr: buf, len: 16, id: 2, flags: A | W },
      { addr: buf + 64, len: 16, id: 2, flags: A | W },
    ],
    kind: 'BufferIdInUse',
    message: 'buffer id 2 at slot 1 is already held by the device',
  },
  {
    name: 'a list longer than the queue (every slot has NEXT)',
    qs: 4,
    ring: (_p, buf) => [0, 1, 2, 3].map((k) => ({ addr: buf + 32 * k, len: 16, id: 0, flags: A | N })),
    kind: 'DescriptorLoop',
    message: 'Looped descriptor',
  },
  {
    name: 'NEXT into a slot that is not available',
    ring: (_p, buf) => [{ addr: buf, len: 16, id: 0, flags: A | N }],
    kind: 'ChainNotAvailable',
    message: 'descriptor at slot 0 has NEXT but slot 1 is not available (flags 0x0, wrap counter 1)',
  },
  {
    name: 'zero-length buffer',
    ring: (_p, buf) => [{ addr: buf, len: 0, id: 0, flags: A }],
    kind: 'ZeroSizedBuffer',
    message: 'virtio: zero sized buffers are not allowed',
  },
  {
    name: 'buffer outside memory',
    ring: (p) => [{ addr: p.region.size - 8, len: 16, id: 0, flags: A }],
    kind: 'AddressOutOfRange',
    message: 'virtio: bogus descriptor or out of resources',
  },
  {
    name: 'readable after writable',
    ring: (_p, buf) => [
      { addr: buf, len: 16, id: 0, flags: A | N | W },
      { addr: buf + 32, len: 16, id: 0, flags: A },
    ],
    kind: 'ReadableAfterWritable',
    message: 'Incorrect order for descriptors',
  },
  {
    name: 'INDIRECT without the feature',
    ring: (_p, _buf, table) => [{ addr: table, len: 32, id: 0, flags: A | I }],
    kind: 'FeatureNotNegotiated',
    message: 'descriptor at slot 0 has INDIRECT but VIRTIO_RING_F_INDIRECT_DESC was not negotiated',
  },
  {
    name: 'indirect table of a bad size',
    indirect: true,
    ring: (_p, _buf, table) => [{ addr: table, len: 24, id: 0, flags: A | I }],
    kind: 'InvalidIndirectSize',
    message: 'Invalid size for indirect buffer table',
  },
  {
    name: 'nested indirect',
    indirect: true,
    ring: (_p, _buf, table) => [{ addr: table, len: 32, id: 0, flags: A | I }],
    table: (buf) => [
      { addr: buf, len: 16, id: 0, flags: 0 },
      { addr: buf, len: 16, id: 0, flags: I },
    ],
    kind: 'NestedIndirect',
    message: 'indirect table entry 1 has the INDIRECT flag',
  },
  {
    name: 'a good buffer, then an indirect one with NEXT (the first is echoed, not flushed)',
    indirect: true,
    ring: (_p, buf, table) => [
      { addr: buf, len: 16, id: 0, flags: A | W },
      { addr: table, len: 32, id: 1, flags: A | I | N },
    ],
    kind: 'IndirectWithNext',
    message: 'descriptor at slot 1 has both INDIRECT and NEXT',
  },
];

describe('packed ring: hostile rings, model device vs the C device', () => {
  for (const c of cases) {
    it(c.name, () => {
      const qs = c.qs ?? 8;
      const p = openPackedPair(qs, { eventIdx: true, indirect: c.indirect ?? false });
      try {
        const buf = p.q.map.buffers.base;
        const table = p.q.map.tables.size > 0 ? p.q.map.tables.base : buf + 4096;
        for (const [k, d] of (c.table?.(buf) ?? []).entries()) writePackedDesc(p.mem, table, k, d);
        // flags last, head last: the order a driver publishes in
        const ring = c.ring(p, buf, table);
        for (let k = ring.length - 1; k >= 0; k--) writePackedDesc(p.mem, p.q.layout.desc, k, ring[k]);
        const o = passBoth(p);
        expect(o.native.error).toEqual(o.model.error);
        expect(o.native).toEqual(o.model);
        expect(o.firstDiff).toBe(-1);
        if (c.kind === null) {
          expect(o.native.error).toBeNull();
          expect(o.native.completed).toBe(c.completed);
        } else {
          expect(o.native.error).toEqual({ kind: c.kind, message: c.message });
        }
      } finally {
        p.close();
      }
    });
  }
});
