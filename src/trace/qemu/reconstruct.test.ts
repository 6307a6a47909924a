import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceParseError } from '../errors';
import { importQemuTraceLines } from './import';
import { MULTI_DEVICE_LOG, MULTI_DEVICE_LOG_NO_TIMESTAMPS } from './testing-logs';

/** fast-check's seed for this file's properties: a failure reproduces, and the tests name it. */
const FC_SEED = 20261205;

const lines = (text: string) => text.split('\n');

describe('reconstruction: several devices, queues and threads, interleaved', () => {
  const t = importQemuTraceLines(lines(MULTI_DEVICE_LOG));
  // Times are µs since the first line (1000.000010).
  const T = (us: number) => us - 10;

  it('finds every device and queue and maps vq → (vdev, n)', () => {
    expect(t.timeBase).toBe('timestamps');
    expect(t.timeUnit).toBe('us');
    expect(t.timeOrigin).toEqual({ sec: 1000, usec: 10 });
    expect(t.devices.map((d) => [d.vdev, d.kind, d.queues])).toEqual([
      ['0xa000', 'virtio-blk', ['0xa100', '0xa200']],
      ['0xb000', 'virtio-net', ['0xb200']],
    ]);
    expect(t.queues.map((q) => [q.vq, q.device, q.n, q.label])).toEqual([
      ['0xa100', '0xa000', 0, 'q0'],
      ['0xb200', '0xb000', 1, 'q1'],
      ['0xa200', '0xa000', 1, 'q1'],
    ]);
    expect(t.devices[0].status).toEqual([{ time: 0, line: 1, val: 15 }]);
  });

  it('keys requests by element only while in flight (pointers are reused)', () => {
    expect(t.requests.map((r) => [r.id, r.vq, r.elem, r.end])).toEqual([
      [0, '0xa100', '0xe1', 'completed'],
      [1, '0xb200', '0xe2', 'completed'],
      [2, '0xa100', '0xe3', 'completed'],
      [3, '0xb200', '0xe1', 'completed'],
      [4, '0xa200', '0xe2', 'completed'],
    ]);
  });

  it('reconstructs each life: kick → pop → fill → flush → interrupt', () => {
    const [r0, r1, r2, r3, r4] = t.requests;
    expect(r0).toMatchObject({
      device: '0xa000',
      queue: 0,
      thread: 100,
      allocSize: 240,
      inNum: 2,
      outNum: 1,
      kickTime: T(20),
      popTime: T(26),
      fillTime: T(43),
      usedLen: 4097,
      fillIdx: 1,
      flushTime: T(44),
      batchSize: 2,
      interruptTime: T(45),
      blk: { op: 'read', sector: 8, nsectors: 8, status: 0 },
    });
    expect(r2).toMatchObject({
      kickTime: T(20),
      popTime: T(30),
      usedLen: 1,
      flushTime: T(44),
      interruptTime: T(45),
      blk: { op: 'write', sector: 64, nsectors: 1 },
    });
    expect(r1).toMatchObject({
      device: '0xb000',
      queue: 1,
      thread: 101,
      kickTime: T(21),
      popTime: T(27),
      flushTime: T(36),
      interruptTime: T(37),
    });
    expect(r1.blk).toBeUndefined();
    // Popped after its queue had flushed since the last kick: no kick of its own.
    expect(r3.kickTime).toBeUndefined();
    expect(r3).toMatchObject({ popTime: T(50), flushTime: T(61), interruptTime: T(90) });
    expect(r4).toMatchObject({
      device: '0xa000',
      queue: 1,
      kickTime: T(51),
      usedLen: 513,
      interruptTime: T(72),
      blk: { op: 'read', sector: 0, nsectors: 1 },
    });
  });

  it('counts kicks, batches, in-flight and notifications per queue', () => {
    const [a0, b1, a1] = t.queues;
    expect(a0).toMatchObject({
      requests: 2,
      completed: 2,
      kicks: 2,
      emptyKicks: 1,
      interrupts: 1,
      flushes: 1,
      batchSizes: [[2, 1]],
      maxInFlight: 2,
      kicklessRequests: 0,
      unsignalled: 0,
    });
    expect(a0.inFlight).toEqual({ time: [T(26), T(30), T(44)], value: [1, 2, 0] });
    expect(b1).toMatchObject({
      requests: 2,
      kicks: 1,
      interrupts: 2,
      kicklessRequests: 1,
      batchSizes: [[1, 2]],
      maxInFlight: 1,
    });
    expect(a1).toMatchObject({ requests: 1, kicks: 1, interrupts: 1 });
    expect(t.kicks.map((k) => k.requests)).toEqual([2, 1, 1, 0]);
    expect(t.interrupts.map((i) => [i.via, i.requests])).toEqual([
      ['virtio_notify', 1],
      ['virtio_notify_irqfd', 2],
      ['virtio_notify_irqfd', 1],
      ['virtio_notify', 1],
    ]);
  });

  it('keeps unknown events as annotations and counts every event', () => {
    expect(t.annotations).toEqual([
      { line: 28, time: T(80), thread: 101, name: 'virtio_net_something', args: 'vdev 0xb000 foo 1', device: '0xb000' },
    ]);
    expect(t.events).toBe(30);
    expect(t.eventCounts.virtqueue_pop).toBe(5);
    expect(Object.values(t.eventCounts).reduce((a, b) => a + b, 0)).toBe(30);
    expect(t.warnings).toEqual([]);
  });

  it('uses line order as time for a log without timestamps, and says so', () => {
    const u = importQemuTraceLines(lines(MULTI_DEVICE_LOG_NO_TIMESTAMPS));
    expect(u.timeBase).toBe('line-order');
    expect(u.timeUnit).toBe('line');
    expect(u.timeOrigin).toBeUndefined();
    expect(u.limitations[0]).toMatch(/no timestamps/);
    expect(u.requests[0]).toMatchObject({
      thread: undefined,
      kickTime: 2,
      popTime: 5,
      fillTime: 16,
      flushTime: 17,
      interruptTime: 18,
    });
    // Same structure as the timestamped import.
    const shape = (x: typeof u) =>
      x.requests.map((r) => [r.vq, r.usedLen, r.batchSize, r.kickId, r.interruptId, r.blk?.op]);
    expect(shape(u)).toEqual(shape(importQemuTraceLines(lines(MULTI_DEVICE_LOG))));
  });
});

describe('reconstruction: partial and unusual traces', () => {
  it('drops in-flight requests on device reset', () => {
    const t = importQemuTraceLines([
      'virtio_queue_notify vdev 0xd n 0 vq 0x1',
      'virtqueue_pop vq 0x1 elem 0xe in_num 1 out_num 1',
      'virtqueue_pop vq 0x1 elem 0xf in_num 1 out_num 1',
      'virtqueue_fill vq 0x1 elem 0xf len 1 idx 0',
      'virtio_set_status vdev 0xd val 0',
      'virtqueue_pop vq 0x1 elem 0xe in_num 1 out_num 1',
    ]);
    expect(t.requests.map((r) => [r.end, r.droppedTime])).toEqual([
      ['reset', 5],
      ['reset', 5],
      ['in-flight', undefined],
    ]);
    expect(t.devices[0].resets).toBe(1);
    expect(t.queues[0].inFlight.value).toEqual([1, 2, 0, 1]);
    expect(t.warnings).toEqual([]);
  });

  it('warns about fills without pops (trace started mid-flight) and still matches the flush', () => {
    const t = importQemuTraceLines([
      'virtqueue_fill vq 0x1 elem 0xa len 1 idx 0',
      'virtqueue_pop vq 0x1 elem 0xb in_num 1 out_num 1',
      'virtqueue_fill vq 0x1 elem 0xb len 2 idx 1',
      'virtqueue_flush vq 0x1 count 2',
    ]);
    expect(t.requests).toHaveLength(1);
    expect(t.requests[0]).toMatchObject({ end: 'completed', batchSize: 2, device: undefined, queue: undefined });
    expect(t.queues[0].label).toBe('vq 0x1');
    expect(t.warnings.map((w) => [w.count, w.firstLine])).toEqual([[1, 1]]);
    expect(t.warnings[0].message).toMatch(/never popped/);
  });

  it('marks a request whose element is popped again before a fill, and counts flush mismatches', () => {
    const t = importQemuTraceLines([
      'virtqueue_pop vq 0x1 elem 0xa in_num 1 out_num 1',
      'virtqueue_pop vq 0x1 elem 0xa in_num 1 out_num 1',
      'virtqueue_flush vq 0x1 count 1',
      'virtqueue_flush vq 0x1 count 3',
    ]);
    expect(t.requests.map((r) => r.end)).toEqual(['repopped', 'in-flight']);
    expect(t.queues[0].inFlight.value).toEqual([1, 0, 1]);
    expect(t.warnings.find((w) => /flush count/.test(w.message))?.count).toBe(2);
    expect(t.flushes.map((f) => f.matched)).toEqual([0, 0]);
  });

  it('does not let a much later interrupt claim completions the guest already moved past', () => {
    const t = importQemuTraceLines([
      'virtio_queue_notify vdev 0xd n 0 vq 0x1',
      'virtqueue_pop vq 0x1 elem 0xa in_num 1 out_num 1',
      'virtqueue_fill vq 0x1 elem 0xa len 1 idx 0',
      'virtqueue_flush vq 0x1 count 1',
      'virtio_queue_notify vdev 0xd n 0 vq 0x1',
      'virtqueue_pop vq 0x1 elem 0xa in_num 1 out_num 1',
      'virtqueue_fill vq 0x1 elem 0xa len 1 idx 0',
      'virtqueue_flush vq 0x1 count 1',
      'virtio_notify_irqfd vdev 0xd vq 0x1',
    ]);
    expect(t.requests.map((r) => r.interruptTime)).toEqual([undefined, 9]);
    expect(t.queues[0].unsignalled).toBe(1);
  });

  it('handles timestamps that go backwards and lines missing a timestamp', () => {
    const t = importQemuTraceLines([
      '1@10.000100:virtio_queue_notify vdev 0xd n 0 vq 0x1',
      '2@10.000050:virtqueue_pop vq 0x1 elem 0xa in_num 1 out_num 1',
      'virtqueue_fill vq 0x1 elem 0xa len 1 idx 0',
    ]);
    expect(t.requests[0]).toMatchObject({ kickTime: 0, popTime: -50, fillTime: -50 });
    expect(t.warnings.map((w) => w.message).join('\n')).toMatch(/backwards[\s\S]*without a timestamp/);
  });

  it('stops at the first bad line by default, with its number', () => {
    let err: unknown;
    try {
      importQemuTraceLines(['virtio_notify vdev 0x1 vq 0x2', '', 'virtqueue_pop vq 0x1 elem']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TraceParseError);
    expect((err as TraceParseError).line).toBe(3);
  });

  it('skips and counts bad lines when asked', () => {
    const t = importQemuTraceLines(
      ['virtio_notify vdev 0x1 vq 0x2', 'garbage!', 'virtqueue_pop vq 0x1 elem', 'virtqueue_flush vq 0x2 count 0'],
      { onBadLine: 'skip', maxBadLineSamples: 1 },
    );
    expect(t.badLines).toBe(2);
    expect(t.badLineSamples).toEqual([{ line: 2, message: expect.stringMatching(/^line 2: expected an event name/) }]);
    expect(t.events).toBe(2);
    expect(t.lines).toBe(4);
  });
});

/**
 * A random but valid single-queue workload: a device that pops with the lowest free element
 * pointer (maximal reuse, like malloc), completes in any order, publishes fills in batches
 * and sometimes interrupts. Each request's used length is its serial number, so the
 * reconstruction can be checked request by request even though pointers repeat.
 */
function workload(ops: number[]): { lines: string[]; pops: number; completed: number } {
  const out: string[] = [];
  const freeElems: number[] = [];
  let nextElem = 0;
  const inflight: Array<{ elem: number; serial: number }> = [];
  let filled = 0;
  let serial = 0;
  let completed = 0;
  const vq = '0x7000';
  for (const op of ops) {
    const kind = op % 4;
    const n = 1 + ((op >> 2) % 4);
    if (kind === 0) {
      out.push(`virtio_queue_notify vdev 0x6000 n 3 vq ${vq}`);
      for (let i = 0; i < n; i++) {
        freeElems.sort((a, b) => a - b);
        const elem = freeElems.length ? freeElems.shift()! : nextElem++;
        inflight.push({ elem, serial: serial++ });
        out.push(`virtqueue_pop vq ${vq} elem 0x${(0x100 + elem).toString(16)} in_num 1 out_num 1`);
      }
    } else if (kind === 1 && inflight.length) {
      let k = 0;
      for (let i = 0; i < n && inflight.length; i++) {
        const [r] = inflight.splice((op >> 4) % inflight.length, 1);
        out.push(`virtqueue_fill vq ${vq} elem 0x${(0x100 + r.elem).toString(16)} len ${r.serial} idx ${k++}`);
        freeElems.push(r.elem);
      }
      filled += k;
    } else if (kind === 2 && filled) {
      out.push(`virtqueue_flush vq ${vq} count ${filled}`);
      completed += filled;
      filled = 0;
    } else if (kind === 3) {
      out.push(`virtio_notify vdev 0x6000 vq ${vq}`);
    }
  }
  return { lines: out, pops: serial, completed };
}

describe('reconstruction property: element reuse and batching', () => {
  it(`fast-check seed ${FC_SEED}: recovers every request in pop order from reused pointers`, () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1 << 12), { maxLength: 200 }), (ops) => {
        const w = workload(ops);
        const t = importQemuTraceLines(w.lines);
        expect(t.requests).toHaveLength(w.pops);
        expect(t.requests.filter((r) => r.end === 'completed')).toHaveLength(w.completed);
        t.requests.forEach((r, i) => {
          if (r.usedLen !== undefined) expect(r.usedLen).toBe(i);
          if (r.flushTime !== undefined) expect(r.flushTime).toBeGreaterThan(r.fillTime!);
        });
        expect(t.warnings).toEqual([]);
        const q = t.queues[0];
        if (q) {
          expect(q.inFlight.value[q.inFlight.value.length - 1] ?? 0).toBe(w.pops - w.completed);
          expect(Math.min(0, ...q.inFlight.value)).toBe(0);
        }
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it(`fast-check seed ${FC_SEED}: gives each device the same result however two threads interleave their lines`, () => {
    const a = workload([0, 4, 1, 2, 3, 8, 5, 9, 2, 3]).lines;
    const b = workload([4, 1, 2, 0, 1, 2, 3]).lines.map((l) =>
      l
        .replace(/0x7000/g, '0x7100')
        .replace(/0x6000/g, '0x6100')
        .replace(/elem 0x1/g, 'elem 0x9'),
    );
    const perDevice = (lines: string[]) => {
      const t = importQemuTraceLines(lines);
      return [...t.devices]
        .sort((x, y) => x.vdev.localeCompare(y.vdev))
        .map((d) => ({
          d: d.vdev,
          reqs: t.requests
            .filter((r) => r.device === d.vdev)
            .map((r) => [r.usedLen, r.batchSize, r.end, r.kickId !== undefined]),
        }));
    };
    const baseline = perDevice([...a, ...b]);
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: a.length + b.length, maxLength: a.length + b.length }),
        (picks) => {
          const merged: string[] = [];
          let i = 0;
          let j = 0;
          for (const p of picks) {
            if ((p && i < a.length) || j >= b.length) merged.push(a[i++]);
            else merged.push(b[j++]);
          }
          expect(perDevice(merged)).toEqual(baseline);
        },
      ),
      { seed: FC_SEED, numRuns: 200 },
    );
  });
});
