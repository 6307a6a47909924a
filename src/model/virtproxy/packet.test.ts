import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtproxyInvariantError } from './errors';
import {
  decodePacket,
  encodePacket,
  OP_CREDIT_UPDATE,
  OP_RW,
  PACKET_DATA,
  PACKET_SIZE,
  reassemble,
  type Packet,
} from './packet';

const pkt = (conn: number, payload: number[]): Packet => ({ op: OP_RW, conn, bufAlloc: 0, fwdCnt: 0, payload });

describe('fixed-size packets', () => {
  it('round-trips header fields, including u32 credit counters', () => {
    const p: Packet = { op: OP_CREDIT_UPDATE, conn: 7, bufAlloc: 0xfffffff0, fwdCnt: 123456789, payload: [] };
    const bytes = encodePacket(p);
    expect(bytes.length).toBe(PACKET_SIZE);
    expect(decodePacket(bytes)).toEqual(p);
  });

  it('rejects a payload that does not fit and a stream that lost alignment', () => {
    expect(() => encodePacket(pkt(0, new Array(PACKET_DATA + 1).fill(1)))).toThrow(VirtproxyInvariantError);
    const b = encodePacket(pkt(0, [1, 2, 3]));
    expect(() => decodePacket(b.slice(1).concat([0]))).toThrow(/magic/);
  });

  it('fast-check seed 8: however the stream is cut into chunks, reassembly yields the same packets', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            conn: fc.integer({ min: 0, max: 5 }),
            payload: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: PACKET_DATA }),
          }),
          { maxLength: 12 },
        ),
        fc.array(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 40 }),
        (packets, cuts) => {
          const stream = packets.flatMap((p) => encodePacket(pkt(p.conn, p.payload)));
          let buf: number[] = [];
          const got: Packet[] = [];
          let at = 0;
          let i = 0;
          while (at < stream.length) {
            const n = cuts[i++ % cuts.length];
            const r = reassemble(buf, stream.slice(at, at + n));
            got.push(...r.packets);
            buf = r.rest;
            expect(buf.length).toBeLessThan(PACKET_SIZE);
            at += n;
          }
          expect(buf).toEqual([]);
          expect(got).toEqual(packets.map((p) => pkt(p.conn, p.payload)));
        },
      ),
      { seed: 8, numRuns: 200 },
    );
  });
});
