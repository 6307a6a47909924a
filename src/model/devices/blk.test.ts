import { describe, expect, it } from 'vitest';
import { BLK_ID_BYTES, BlkModel, BlkStatus, BlkType, blkHeader, blkSegment } from './blk';
import { BlkWorkload } from './blk-workload';

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

function run(m: BlkModel, readable: Uint8Array, writable: number) {
  const r = m.handle(readable, writable);
  if ('drop' in r) return { drop: r.drop };
  const buf = new Uint8Array(writable);
  for (const w of r.writes) buf.set(w.bytes, w.offset);
  return { usedLen: r.usedLen, data: buf.subarray(0, writable - 1), status: buf[writable - 1] };
}

describe('model virtio-blk device (QEMU 7.2 semantics)', () => {
  it('write then read: used.len is the whole writable part (513 for 512 bytes)', () => {
    const m = new BlkModel({ size: 1 << 20 });
    const data = new Uint8Array(1024).map((_, i) => i & 0xff);
    expect(run(m, cat(blkHeader(BlkType.OUT, 3), data), 1)).toMatchObject({ usedLen: 1, status: BlkStatus.OK });
    const r = run(m, blkHeader(BlkType.IN, 3), 1025);
    expect(r).toMatchObject({ usedLen: 1025, status: BlkStatus.OK });
    expect(r.data).toEqual(data);
    expect(run(m, blkHeader(BlkType.IN, 4), 513).usedLen).toBe(513);
  });

  it('GET_ID writes the serial and its NUL; used.len 21 for 20 bytes', () => {
    const r = run(new BlkModel({ size: 4096 }), blkHeader(BlkType.GET_ID, 0), BLK_ID_BYTES + 1);
    expect(r.usedLen).toBe(21);
    expect(new TextDecoder().decode(r.data!.subarray(0, 15))).toBe('vhost_user_blk\0');
  });

  it('range, alignment and type errors get a status; malformed requests are dropped', () => {
    const m = new BlkModel({ size: 4096 });
    expect(run(m, blkHeader(BlkType.IN, 8), 513).status).toBe(BlkStatus.IOERR); // beyond the end
    expect(run(m, blkHeader(BlkType.IN, 0), 101).status).toBe(BlkStatus.IOERR); // not whole sectors
    expect(run(m, blkHeader(42, 0), 1).status).toBe(BlkStatus.UNSUPP);
    expect(run(m, cat(blkHeader(BlkType.DISCARD, 0), blkSegment(0, 1), blkSegment(1, 1)), 1).status).toBe(
      BlkStatus.UNSUPP,
    );
    expect(run(m, cat(blkHeader(BlkType.DISCARD, 0), blkSegment(0, 1, 1)), 1).status).toBe(BlkStatus.UNSUPP); // UNMAP flag
    expect(run(m, new Uint8Array(8), 1)).toEqual({ drop: 'virtio-blk request outhdr too short' });
    expect(run(m, blkHeader(BlkType.IN, 0), 0)).toEqual({ drop: 'virtio-blk request missing headers' });
    expect(m.counts.dropped).toBe(2);
    const ro = new BlkModel({ size: 4096, writable: false });
    expect(run(ro, cat(blkHeader(BlkType.OUT, 0), new Uint8Array(512)), 1).status).toBe(BlkStatus.IOERR);
  });

  it('discard and write-zeroes zero their range; a null disk reads zeros whatever was written', () => {
    const m = new BlkModel({ size: 8192, initial: new Uint8Array(8192).fill(5) });
    expect(run(m, cat(blkHeader(BlkType.DISCARD, 0), blkSegment(0, 8)), 1).status).toBe(BlkStatus.OK);
    expect(m.disk.subarray(0, 4096).every((x) => x === 0) && m.disk[4096] === 5).toBe(true);
    expect(run(m, cat(blkHeader(BlkType.WRITE_ZEROES, 0), blkSegment(8, 8)), 1).status).toBe(BlkStatus.OK);
    expect(m.disk.every((x) => x === 0)).toBe(true);
    const n = new BlkModel({ size: 4096, nullDisk: true });
    run(n, cat(blkHeader(BlkType.OUT, 0), new Uint8Array(512).fill(1)), 1);
    expect(run(n, blkHeader(BlkType.IN, 0), 513).data!.every((x) => x === 0)).toBe(true);
  });
});

describe('blk workload', () => {
  it('is deterministic per seed, and consecutive requests touch disjoint regions', () => {
    const a = new BlkWorkload({ seed: 9, sectors: 2048 });
    const b = new BlkWorkload({ seed: 9, sectors: 2048 });
    for (let i = 0; i < 50; i++) expect(a.request(i)).toEqual(b.request(i));
    const sectors = Array.from({ length: a.regions }, (_, i) => a.request(i))
      .filter((r) => r.kind !== 'flush' && r.kind !== 'get-id')
      .map((r) => r.sector);
    expect(new Set(sectors).size).toBe(sectors.length);
    expect(new Set(Array.from({ length: 200 }, (_, i) => a.request(i).kind))).toEqual(
      new Set(['read', 'write', 'flush', 'get-id', 'discard']),
    );
  });
});
