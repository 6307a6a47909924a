// Model vs reality on real devices: the model blk device against qemu-storage-daemon (null-co and a
// file disk), and real FUSE path walks next to the gofer model's counts.
import { describe, expect, it } from 'vitest';
import { memoryChunks } from '@ringside/trace/byte-sources.ts';
import { RingsideTraceIndex } from '@ringside/trace/replay/ringside-index.ts';
import { blkAgrees, compareBlk, compareFs, formatBlkComparison } from './compare-devices.ts';

/** A driver-side trace replayed as the page does; the used ring at the end, as the replay shows it. */
async function replayedUsedRing(lines: string[]) {
  const index = await RingsideTraceIndex.build(memoryChunks(`${lines.join('\n')}\n`));
  const { used, queueSize } = index.header.queues[0].layout;
  const mem = index.memoryAt(index.count);
  const dv = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  const element = (slot: number): [number, number] => [
    dv.getUint32(used + 4 + 8 * slot, true),
    dv.getUint32(used + 8 + 8 * slot, true),
  ];
  return { usedIdx: dv.getUint16(used + 2, true), element, queueSize };
}

describe('model blk device vs qemu-storage-daemon', () => {
  for (const backend of ['null', 'file'] as const) {
    for (const features of [
      { eventIdx: true, indirect: false },
      { eventIdx: false, indirect: true },
    ]) {
      it(`${backend} disk, EVENT_IDX ${features.eventIdx ? 'on' : 'off'}, INDIRECT ${features.indirect ? 'on' : 'off'}: agree everywhere the spec fixes`, async () => {
        const c = await compareBlk({ backend, features, requests: 160, batch: 16, queueSize: 64, seed: 3 });
        expect(c.real.error).toBeNull();
        expect(c.model.error).toBeNull();
        expect(c.report.firstDivergence).toBeNull();
        expect(c.report.identical).toBe(true);
        expect(c.real.completed).toBe(160);
        // used lengths are the whole writable part: 513..4097 for reads, 21 for GET_ID, 1 otherwise
        const lens = new Set(c.usedLengths.flat());
        expect(lens.has(21)).toBe(true);
        expect(lens.has(1)).toBe(true);
        expect([...lens].filter((l) => l > 21).every((l) => (l - 1) % 512 === 0)).toBe(true);
        expect(c.ring.real).toEqual({ availIdx: 160, usedIdx: 160, lastAvailAtStop: 160 });
        expect(c.ring.model).toEqual({ availIdx: 160, usedIdx: 160 });
        if (backend === 'file') expect(c.disk).toEqual({ checked: true, agrees: true, firstDifference: null });
        // only timing fields and completion order may differ
        for (const a of c.report.allowed) expect(a.where).toMatch(/avail_event|used_event|flags|completion order/);
        // notifications: the front-end's own counts on both sides; the back-end's internals are n/a
        expect(c.report.notifications.real.kicksSent).toBe(c.real.kicks.sent);
        expect(Number.isNaN(c.report.notifications.real.deviceWakeups)).toBe(true);
        // whether the driver ever had to sleep depends on timing; every wake-up consumed at least one call
        expect(c.report.notifications.real.interruptsSignalled).toBeGreaterThanOrEqual(c.real.interrupts.wakeups);
        // the real run is a trace from the front-end's view
        const header = JSON.parse(c.traces.real[0]);
        expect(header).toMatchObject({ format: 'ringside-trace', source: 'vhost-user' });
        expect(c.traces.real.length).toBe(c.real.events.length + 1);
        // ...that carries the daemon's used-ring writes as the driver saw them: replayed, the
        // used ring ends where the real one did, with the entries the driver reclaimed.
        const replayed = await replayedUsedRing(c.traces.real);
        expect(replayed.usedIdx).toBe(c.ring.real.usedIdx);
        const reclaimed = c.real.quiescent.flatMap((b) => b.used);
        for (let g = Math.max(0, reclaimed.length - replayed.queueSize); g < reclaimed.length; g++)
          expect(replayed.element(g % replayed.queueSize), `used entry ${g}`).toEqual([
            reclaimed[g][0],
            reclaimed[g][1],
          ]);
        // The model device's trace too (it completes in the daemon's order, so the entries match).
        const replayedModel = await replayedUsedRing(c.traces.model);
        expect(replayedModel.usedIdx).toBe(c.ring.model.usedIdx);
        for (let slot = 0; slot < replayed.queueSize; slot++)
          expect(replayedModel.element(slot), `model used slot ${slot}`).toEqual(replayed.element(slot));
        expect(formatBlkComparison(c)).toContain('AGREE');
        expect(blkAgrees(c)).toBe(true);
        // The verdict is the AND of every check it prints: a backing file that differs, a real
        // error or a missing completion each turns it into DISAGREE, even with identical rings.
        const spoiled = [
          { ...c, disk: { checked: true, agrees: false, firstDifference: 4096 } },
          { ...c, real: { ...c.real, error: { kind: 'DeviceTimeout' as const, message: 'late' } } },
          { ...c, model: { ...c.model, completed: 159 } },
        ];
        for (const x of spoiled) {
          expect(x.report.identical).toBe(true);
          expect(blkAgrees(x)).toBe(false);
          expect(formatBlkComparison(x)).toMatch(/^DISAGREE on 1 of \d+ checks/m);
        }
      });
    }
  }
});

describe('real FUSE path walks next to the gofer model', () => {
  it('counts FUSE requests for every walk case and adds them as a measured column', async () => {
    const f = await compareFs();
    expect(f.negotiated.fuse).toBe('7.36');
    // cache=none: every component is revalidated (entry timeout 0), then GETATTR
    expect(f.counts['stat-cold']).toEqual({
      count: 4,
      rpcs: ['FUSE_LOOKUP', 'FUSE_LOOKUP', 'FUSE_LOOKUP', 'FUSE_GETATTR'],
    });
    expect(f.counts['stat-warm'].count).toBe(4);
    expect(f.counts['stat-baz-replaced'].count).toBe(4);
    expect(f.counts['open-warm'].rpcs).toEqual(['FUSE_LOOKUP', 'FUSE_LOOKUP', 'FUSE_LOOKUP', 'FUSE_OPEN']);
    expect(f.counts['read-again'].rpcs).toEqual(['FUSE_READ']);
    expect(f.counts['write-open'].rpcs).toEqual(['FUSE_WRITE']);
    expect(f.counts['unlink-warm'].rpcs).toEqual(['FUSE_LOOKUP', 'FUSE_LOOKUP', 'FUSE_LOOKUP', 'FUSE_UNLINK']);
    const cols = f.table.columns;
    expect(cols.at(-1)).toMatchObject({ origin: 'measured', protocol: 'FUSE' });
    const cold = f.table.rows.find((r) => r.caseId === 'stat-cold')!;
    expect(cold.counts.map((c) => c?.count)).toEqual([7, 4, 3, 2, 1, 4]);
    for (const t of Object.values(f.traces)) {
      expect(JSON.parse(t[0]).source).toBe('vhost-user');
      // virtiofsd's used-ring writes are in the trace: replayed, used.idx counts every FUSE reply
      // of the session (FUSE_INIT and the set-up walk included), not 0.
      expect((await replayedUsedRing(t)).usedIdx).toBeGreaterThan(f.counts['stat-cold'].count);
    }
  });
});
