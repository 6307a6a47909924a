// Wire formats, byte for byte: header, payload layouts (vring addr has used BEFORE avail), memory
// table, config; FUSE requests refuse anything virtiofsd would abort on.
import { describe, expect, it } from 'vitest';
import {
  FLAG_NEED_REPLY,
  FLAG_REPLY,
  HEADER_SIZE,
  Req,
  VERSION,
  configRequest,
  decodeHeader,
  encodeMessage,
  memoryTable,
  readBlkConfig,
  readConfig,
  readMemoryTable,
  readVringAddr,
  readVringState,
  requestName,
  vringAddr,
  vringFile,
  vringState,
} from './protocol.ts';
import { FUSE_IN_HEADER, FuseOp, assertSendable, decodeDirents, encodeRequest, initIn, nameArg } from './fuse.ts';

describe('vhost-user wire format', () => {
  it('header: request, flags (version 1, NEED_REPLY bit 3), size', () => {
    const m = encodeMessage(Req.SET_FEATURES, new Uint8Array(8), VERSION | FLAG_NEED_REPLY);
    expect(m.length).toBe(HEADER_SIZE + 8);
    expect(Array.from(m.subarray(0, 12))).toEqual([2, 0, 0, 0, 9, 0, 0, 0, 8, 0, 0, 0]);
    expect(decodeHeader(m)).toEqual({ request: 2, flags: 9, size: 8 });
    expect(VERSION | FLAG_REPLY).toBe(0x5); // what replies carry
    expect(requestName(Req.GET_VRING_BASE)).toBe('VHOST_USER_GET_VRING_BASE');
  });

  it('vring state and addr: 8 and 40 bytes, used ring before available ring', () => {
    expect(readVringState(vringState(1, 256))).toEqual({ index: 1, num: 256 });
    const a = vringAddr({ index: 1, desc: 0x1000n, used: 0x3000n, avail: 0x2000n });
    expect(a.length).toBe(40);
    const v = new DataView(a.buffer);
    expect(v.getBigUint64(16, true)).toBe(0x3000n); // used at offset 16
    expect(v.getBigUint64(24, true)).toBe(0x2000n); // avail at offset 24
    expect(readVringAddr(a)).toEqual({ index: 1, flags: 0, desc: 0x1000n, used: 0x3000n, avail: 0x2000n, log: 0n });
  });

  it('memory table: nregions, padding, then 32-byte regions; 1..8 regions', () => {
    const r = { guestPhysAddr: 0n, memorySize: 0x10000n, userspaceAddr: 0x4000_0000_0000n, mmapOffset: 0n };
    const t = memoryTable([r]);
    expect(t.length).toBe(40);
    expect(readMemoryTable(t)).toEqual([r]);
    expect(() => memoryTable([])).toThrow(RangeError);
    expect(() => memoryTable(Array(9).fill(r))).toThrow(RangeError);
  });

  it('KICK/CALL payload: index in bits 0-7, bit 8 = no fd', () => {
    expect(new DataView(vringFile(1).buffer).getBigUint64(0, true)).toBe(1n);
    expect(new DataView(vringFile(1, true).buffer).getBigUint64(0, true)).toBe(0x101n);
  });

  it('config: offset, size, flags, then the region; virtio-blk fields at their offsets', () => {
    const req = configRequest(0, 60);
    expect(req.length).toBe(72);
    const reply = new Uint8Array(72);
    reply.set(req.subarray(0, 12));
    const v = new DataView(reply.buffer);
    v.setBigUint64(12, 2048n, true); // capacity
    v.setUint32(12 + 12, 126, true); // seg_max
    v.setUint32(12 + 20, 512, true); // blk_size
    v.setUint16(12 + 34, 1, true); // num_queues
    const c = readConfig(reply);
    expect(c.size).toBe(60);
    expect(readBlkConfig(c.region)).toMatchObject({ capacity: 2048n, segMax: 126, blkSize: 512, numQueues: 1 });
  });
});

describe('FUSE messages', () => {
  it('in-header is 40 bytes with len covering the body; unique 0 is refused', () => {
    const r = encodeRequest({ opcode: FuseOp.LOOKUP, unique: 7n, nodeid: 1n }, nameArg('foo'));
    expect(r.length).toBe(FUSE_IN_HEADER + 4);
    const v = new DataView(r.buffer);
    expect(v.getUint32(0, true)).toBe(44);
    expect(v.getUint32(4, true)).toBe(1);
    expect(v.getBigUint64(8, true)).toBe(7n);
    expect(() => encodeRequest({ opcode: 1, unique: 0n, nodeid: 1n })).toThrow(/non-zero/);
    expect(initIn().length).toBe(64);
  });

  it('a request shorter than the in-header is never sendable (it aborts virtiofsd)', () => {
    expect(() => assertSendable(new Uint8Array(39))).toThrow(/shorter than the 40-byte fuse_in_header/);
    expect(() => assertSendable(new Uint8Array(40))).not.toThrow();
    expect(() => nameArg('a\0b')).toThrow(RangeError);
  });

  it('dirents are 8-byte aligned records', () => {
    const b = new Uint8Array(64);
    const v = new DataView(b.buffer);
    v.setBigUint64(0, 5n, true);
    v.setBigUint64(8, 1n, true);
    v.setUint32(16, 3, true);
    v.setUint32(20, 8, true);
    b.set(new TextEncoder().encode('baz'), 24);
    v.setBigUint64(32, 6n, true);
    v.setUint32(48, 1, true);
    b.set(new TextEncoder().encode('q'), 56);
    expect(decodeDirents(b).map((d) => [d.ino, d.name])).toEqual([
      [5n, 'baz'],
      [6n, 'q'],
    ]);
  });
});
