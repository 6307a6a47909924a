import { describe, expect, it } from 'vitest';
import { EpollWatcher, NativeDevice, loadNativeBridge } from './index.ts';
import { openQueue } from './device.helper.ts';
import {
  AVAIL_F_NO_INTERRUPT,
  F_INDIRECT,
  F_NEXT,
  F_WRITE,
  USED_F_NO_NOTIFY,
  fnv1a64,
  waitFor,
} from './ring-writer.helper.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const le64 = (v: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
};

describe('native device: echo/checksum', () => {
  it('hashes the readable bytes and echoes them across several writable buffers', async () => {
    const q = openQueue({ name: 'rs-echo' });
    try {
      const { ring } = q;
      const p1 = enc('hello, '),
        p2 = enc('virtio world');
      const w1 = ring.alloc(10),
        w2 = ring.alloc(100);
      ring.desc(0, ring.put(p1), p1.length, F_NEXT, 1);
      ring.desc(1, ring.put(p2), p2.length, F_NEXT, 2);
      ring.desc(2, w1, 10, F_WRITE | F_NEXT, 3);
      ring.desc(3, w2, 100, F_WRITE);
      q.submit(0);
      const irq = await EpollWatcher.once(q.call.fd); // the call eventfd, without blocking JS
      expect(irq).toBe(1);
      await q.waitUsed(1);
      const expected = new Uint8Array([...le64(fnv1a64(p1, p2)), ...p1, ...p2]);
      expect(ring.used(0)).toEqual({ id: 0, len: expected.length });
      const got = new Uint8Array([...ring.bytes(w1, 10), ...ring.bytes(w2, expected.length - 10)]);
      expect(got).toEqual(expected);
      const s = q.dev.stats();
      expect(s).toMatchObject({ chains: 1, kickWakeups: 1, kickSum: 1, interruptsSignalled: 1, broken: false });
      expect(s.bytesRead).toBe(p1.length + p2.length);
      expect(s.bytesWritten).toBe(expected.length);
    } finally {
      q.close();
    }
  });

  it('truncates to the writable space and handles many chains, wrapping the ring', async () => {
    const q = openQueue({ name: 'rs-echo-wrap', qs: 4 });
    try {
      const { ring } = q;
      const data = enc('0123456789abcdef');
      const src = ring.put(data);
      const dst = ring.alloc(12);
      // 3 rounds of 4 chains on a 4-entry queue: indices wrap past the ring size.
      for (let round = 0; round < 3; round++) {
        for (let h = 0; h < 4; h += 2) {
          ring.desc(h, src, data.length, F_NEXT, h + 1);
          ring.desc(h + 1, dst, 12, F_WRITE);
        }
        q.submit(0, 2);
        await q.waitUsed((round + 1) * 2);
      }
      expect(ring.used(5)).toEqual({ id: 2, len: 12 });
      expect(ring.bytes(dst, 12)).toEqual(new Uint8Array([...le64(fnv1a64(data)), ...data.slice(0, 4)]));
      expect(q.dev.stats().chains).toBe(6);
    } finally {
      q.close();
    }
  });

  it('walks an indirect table when INDIRECT_DESC is negotiated', async () => {
    const q = openQueue({ name: 'rs-echo-indirect', indirectDesc: true });
    try {
      const { ring } = q;
      const b = enc('BBBBBB');
      const table = ring.alloc(16 * 3);
      const out = ring.alloc(64);
      ring.desc(0, table, 48, F_INDIRECT);
      ring.desc(0, ring.put(b), b.length, F_NEXT, 2, table);
      ring.desc(2, out, 32, F_WRITE | F_NEXT, 1, table);
      ring.desc(1, out + 32, 32, F_WRITE, 0, table);
      q.submit(0);
      await q.waitUsed(1);
      expect(ring.used(0)).toEqual({ id: 0, len: 8 + 6 });
      expect(ring.bytes(out, 14)).toEqual(new Uint8Array([...le64(fnv1a64(b)), ...b]));
    } finally {
      q.close();
    }
  });

  // Pin changed with issue 19 (differential fuzz): the device used to follow INDIRECT on any
  // descriptor (as Linux vringh and rust-vmm do); it now honours it on a chain's head only, like
  // QEMU, libvhost-user and the model (src/model/virtio/errors.ts, NestedIndirect, says why).
  it('INDIRECT on a later descriptor is a plain buffer, as in QEMU', async () => {
    const q = openQueue({ name: 'rs-echo-indirect-later', indirectDesc: true });
    try {
      const { ring } = q;
      const a = enc('AAAA');
      const table = ring.alloc(16 * 3);
      ring.desc(0, ring.put(a), a.length, F_NEXT, 1);
      ring.desc(1, table, 48, F_INDIRECT | F_WRITE); // a 48-byte writable buffer, not a table
      q.submit(0);
      await q.waitUsed(1);
      expect(ring.used(0)).toEqual({ id: 0, len: 8 + 4 });
      expect(ring.bytes(table, 12)).toEqual(new Uint8Array([...le64(fnv1a64(a)), ...a]));
    } finally {
      q.close();
    }
  });

  it('coalesced kicks: one eventfd wake-up, the whole counter summed', async () => {
    const q = openQueue({ name: 'rs-echo-kicks' });
    try {
      const { ring } = q;
      for (let h = 0; h < 3; h++) ring.desc(h, ring.put(enc('x')), 1);
      ring.publish(0, 1, 2);
      q.kick.write(3); // three kicks the device had not read yet = one write of 3
      await q.waitUsed(3);
      expect(q.dev.stats()).toMatchObject({ kickWakeups: 1, kickSum: 3, chains: 3 });
      expect(ring.used(2)).toEqual({ id: 2, len: 0 }); // no writable part: used len 0
    } finally {
      q.close();
    }
  });
});

describe('native device: blk', () => {
  const T_IN = 0,
    T_OUT = 1,
    T_FLUSH = 4,
    T_GET_ID = 8;
  const hdr = (type: number, sector: number) => {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, type, true);
    dv.setBigUint64(8, BigInt(sector), true);
    return b;
  };

  it('write, read back (used len 513), flush, get-id, range errors and unsupported types', async () => {
    const q = openQueue({ name: 'rs-blk', kind: 'blk', diskSize: 64 * 512, serial: 'ringside-test-disk' });
    try {
      const { ring } = q;
      let used = 0;
      const run = async (...descs: [number, number, number][]) => {
        descs.forEach(([addr, len, flags], i) => {
          ring.desc(i, addr, len, flags | (i < descs.length - 1 ? F_NEXT : 0), i + 1);
        });
        q.submit(0);
        await q.waitUsed(++used);
        return ring.used(used - 1);
      };
      const sector = new Uint8Array(512).map((_, i) => (i * 7 + 3) & 0xff);
      const status = ring.alloc(1);

      // OUT: header + 512 data bytes readable, status writable.
      expect(await run([ring.put(hdr(T_OUT, 3)), 16, 0], [ring.put(sector), 512, 0], [status, 1, F_WRITE])).toEqual({
        id: 0,
        len: 1,
      });
      expect(ring.bytes(status, 1)[0]).toBe(0);

      // IN: data + status writable in ONE descriptor (any layout): 512 data bytes + status.
      const inbuf = ring.alloc(513);
      ring.u8.fill(0xee, inbuf, inbuf + 513);
      expect(await run([ring.put(hdr(T_IN, 3)), 16, 0], [inbuf, 513, F_WRITE])).toEqual({ id: 0, len: 513 });
      expect(ring.bytes(inbuf, 512)).toEqual(sector);
      expect(ring.bytes(inbuf + 512, 1)[0]).toBe(0);

      // Unwritten sectors read as zeros; a read split over two buffers.
      const r1 = ring.alloc(256),
        r2 = ring.alloc(256);
      expect(
        await run([ring.put(hdr(T_IN, 4)), 16, 0], [r1, 256, F_WRITE], [r2, 256, F_WRITE], [status, 1, F_WRITE]),
      ).toEqual({ id: 0, len: 513 });
      expect(ring.bytes(r1, 256).every((b) => b === 0)).toBe(true);

      expect(await run([ring.put(hdr(T_FLUSH, 0)), 16, 0], [status, 1, F_WRITE])).toEqual({ id: 0, len: 1 });
      expect(ring.bytes(status, 1)[0]).toBe(0);

      const id = ring.alloc(20);
      expect(await run([ring.put(hdr(T_GET_ID, 0)), 16, 0], [id, 20, F_WRITE], [status, 1, F_WRITE])).toEqual({
        id: 0,
        len: 21,
      });
      expect(new TextDecoder().decode(ring.bytes(id, 18))).toBe('ringside-test-disk');
      expect(ring.bytes(id + 18, 2)).toEqual(new Uint8Array([0, 0]));

      // Past the end of the 64-sector disk: IOERR, only the status byte written.
      expect(await run([ring.put(hdr(T_IN, 64)), 16, 0], [r1, 512, F_WRITE], [status, 1, F_WRITE])).toEqual({
        id: 0,
        len: 1,
      });
      expect(ring.bytes(status, 1)[0]).toBe(1);
      // Not a whole sector: IOERR.
      expect(await run([ring.put(hdr(T_OUT, 0)), 16, 0], [ring.put(sector), 100, 0], [status, 1, F_WRITE])).toEqual({
        id: 0,
        len: 1,
      });
      expect(ring.bytes(status, 1)[0]).toBe(1);
      // Huge sector numbers must not overflow into a valid offset.
      const h = hdr(T_IN, 0);
      new DataView(h.buffer).setBigUint64(8, 0xffffffffffffffffn, true);
      await run([ring.put(h), 16, 0], [r1, 512, F_WRITE], [status, 1, F_WRITE]);
      expect(ring.bytes(status, 1)[0]).toBe(1);
      // Unknown request type: UNSUPP.
      expect(await run([ring.put(hdr(99, 0)), 16, 0], [status, 1, F_WRITE])).toEqual({ id: 0, len: 1 });
      expect(ring.bytes(status, 1)[0]).toBe(2);
      expect(q.dev.stats().broken).toBe(false);
    } finally {
      q.close();
    }
  });
});

describe('native device: notification suppression', () => {
  it('EVENT_IDX: interrupts only when used_event is crossed; avail_event = last_avail when idle', async () => {
    const q = openQueue({ name: 'rs-evidx', eventIdx: true });
    try {
      const { ring } = q;
      for (let h = 0; h < 8; h++) ring.desc(h, ring.put(enc('e')), 1);
      ring.setUsedEvent(0);
      q.submit(0); // used 0 -> 1 crosses used_event 0: signal
      await q.waitUsed(1);
      await q.waitDecisions(1); // before moving used_event, or the first decision could read the new one
      await waitFor(() => ring.availEvent() === 1, 5000, 'avail_event 1');
      ring.setUsedEvent(4); // interrupt me when entry 4 is used (the 5th)
      for (let i = 1; i < 5; i++) {
        q.submit(i); // one at a time: four decisions, only the one crossing index 4 signals
        await q.waitUsed(i + 1);
        await q.waitDecisions(i + 1); // the decision follows the used.idx store
        await waitFor(() => ring.availEvent() === i + 1, 5000, `avail_event ${i + 1}`);
      }
      const s = q.dev.stats();
      expect(s.interruptsSignalled).toBe(2);
      expect(s.interruptsSuppressed).toBe(3);
      expect(q.call.read()).toBe(2);
      expect(ring.availEvent()).toBe(5);
      expect(s.kickSum).toBe(5);
      expect(ring.usedFlags() & USED_F_NO_NOTIFY).toBe(0); // EVENT_IDX does not use the flag
    } finally {
      q.close();
    }
  });

  it('without EVENT_IDX: avail NO_INTERRUPT suppresses, clearing it signals again', async () => {
    const q = openQueue({ name: 'rs-nointr' });
    try {
      const { ring } = q;
      for (let h = 0; h < 4; h++) ring.desc(h, ring.put(enc('n')), 1);
      ring.setAvailFlags(AVAIL_F_NO_INTERRUPT);
      q.submit(0);
      await q.waitUsed(1);
      q.submit(1);
      await q.waitUsed(2);
      ring.setAvailFlags(0);
      q.submit(2);
      await q.waitUsed(3);
      await q.waitDecisions(3);
      const s = q.dev.stats();
      expect(s.interruptsSuppressed).toBe(2);
      expect(s.interruptsSignalled).toBe(1);
      expect(q.call.read()).toBe(1);
      expect(ring.usedFlags() & USED_F_NO_NOTIFY).toBe(0); // re-enabled kicks before going idle
    } finally {
      q.close();
    }
  });
});

describe('native device: configuration errors', () => {
  it('rejects bad layouts and fds with errno-coded errors', () => {
    const nb = loadNativeBridge();
    const { fd } = nb.memfdCreate('rs-cfg', 8192);
    const e = nb.eventfdCreate();
    const base = {
      memFd: fd,
      memSize: 8192,
      queueSize: 8,
      descAddr: 0,
      availAddr: 128,
      usedAddr: 256,
      kickFd: e,
      callFd: e,
    };
    try {
      expect(() => NativeDevice.create({ ...base, queueSize: 6 })).toThrow(/Bad virtqueue length 6/);
      expect(() => NativeDevice.create({ ...base, descAddr: 8 })).toThrow(/not 16-byte aligned/);
      expect(() => NativeDevice.create({ ...base, usedAddr: 8188 })).toThrow(/outside the 8192-byte region/);
      expect(() => NativeDevice.create({ ...base, memSize: 16384 })).toThrow(/less than the 16384-byte region/);
      expect(() => NativeDevice.create({ ...base, kickFd: 99999 })).toThrow(expect.objectContaining({ code: 'EBADF' }));
      expect(() => NativeDevice.create({ ...base, kind: 'blk', diskSize: 1000 })).toThrow(/multiple of 512/);
      expect(() => NativeDevice.create({ ...base, kind: 'net' as 'echo' })).toThrow(TypeError);
      const { kickFd: _k, ...noKick } = base;
      expect(() => NativeDevice.create(noKick as typeof base)).toThrow(/needs "kickFd"/);
      const d = NativeDevice.create(base);
      expect(d.close().stats.running).toBe(false);
    } finally {
      nb.closeFd(fd);
      nb.closeFd(e);
    }
  });
});
