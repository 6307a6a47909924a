/**
 * The real capture shipped in public/samples/ (QEMU 7.2, Linux 6.1, one virtio-blk queue): the
 * counts its README states, checked end to end through the streaming reader.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryChunks } from '../byte-sources';
import { fileChunks } from '../files.node.ts';
import { summarizeTimeline } from '../summary';
import { importQemuTrace } from './import';
import { qemuToTimeline } from './to-timeline';

const SAMPLE =
  process.env.RINGSIDE_QEMU_SAMPLE ??
  fileURLToPath(new URL('../../../public/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log', import.meta.url));

describe('QEMU 7.2 virtio-blk sample', async () => {
  it('is present (it ships with the repo)', () => expect(existsSync(SAMPLE)).toBe(true));
  const { chunks, totalBytes } = existsSync(SAMPLE)
    ? await fileChunks(SAMPLE)
    : { chunks: memoryChunks(''), totalBytes: 0 };
  const t = await importQemuTrace(chunks, { totalBytes });

  it('has the event counts the README states', () => {
    const c = t.eventCounts;
    expect([c.virtqueue_pop, c.virtqueue_fill, c.virtqueue_flush]).toEqual([84, 84, 84]);
    expect(c.virtio_queue_notify).toBe(86);
    expect(c.virtio_notify_irqfd).toBe(83);
    expect([c.virtio_blk_handle_read, c.virtio_blk_handle_write]).toEqual([68, 16]);
    expect(t.lines).toBe(761);
    expect(t.events).toBe(761);
    expect(t.badLines).toBe(0);
    expect(t.warnings).toEqual([]);
  });

  it('finds one virtio-blk device with one queue and 84 complete requests', () => {
    expect(t.devices).toHaveLength(1);
    expect(t.devices[0]).toMatchObject({ vdev: '0x55f0d5067100', kind: 'virtio-blk', queues: ['0x55f0d5071bf0'] });
    expect(t.queues).toHaveLength(1);
    expect(t.queues[0]).toMatchObject({
      device: '0x55f0d5067100',
      n: 0,
      requests: 84,
      completed: 84,
      kicks: 86,
      emptyKicks: 2,
      interrupts: 83,
      unsignalled: 1,
      flushes: 84,
      batchSizes: [[1, 84]],
      maxInFlight: 1,
      kicklessRequests: 0,
    });
    expect(t.requests.every((r) => r.end === 'completed' && r.elem === '0x55f0d505e400')).toBe(true);
    expect(t.requests.filter((r) => r.blk?.op === 'read')).toHaveLength(68);
    expect(t.requests.filter((r) => r.blk?.op === 'write')).toHaveLength(16);
    // Both data-plane starts re-kick the queue with nothing new: the two empty kicks.
    expect(t.kicks.filter((k) => k.requests === 0).map((k) => k.line)).toEqual([2, 13]);
    expect(t.annotations.map((a) => a.name)).toEqual([
      'virtio_blk_data_plane_start',
      'virtio_blk_data_plane_stop',
      'virtio_blk_data_plane_start',
      'virtio_blk_data_plane_stop',
    ]);
  });

  it('has used length 513 for 1-sector reads, 4097 for 8-sector reads, 1 for writes', () => {
    const lens = new Map<string, Set<number>>();
    for (const r of t.requests) {
      const key = `${r.blk?.op} ${r.blk?.nsectors}`;
      if (!lens.has(key)) lens.set(key, new Set());
      lens.get(key)!.add(r.usedLen!);
    }
    expect(Object.fromEntries([...lens].map(([k, v]) => [k, [...v]]))).toEqual({
      'read 1': [513], // 512 data bytes + 1 status byte
      'read 8': [4097],
      'write 8': [1], // only the status byte is written back
    });
  });

  it('gives the latencies of this capture', () => {
    const s = summarizeTimeline(qemuToTimeline(t));
    const q = s.devices[0].queues[0];
    expect(q).toMatchObject({ requests: 84, completed: 84, kicks: 86, interrupts: 83, batches: 84 });
    expect(q.latency.service).toMatchObject({ count: 84, median: 25, p99: 150, min: 16, max: 150 });
    expect(q.latency.kickToInterrupt).toMatchObject({ count: 83, median: 30, p99: 179 });
    expect(q.inFlight.max).toBe(1);
  });

  it('gives the same result whatever the chunking and with CRLF line ends', async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const strip = (x: typeof t) => JSON.stringify({ ...x });
    for (const [data, size] of [
      [text, 7],
      [text.replace(/\n/g, '\r\n'), 4096],
    ] as const) {
      const u = await importQemuTrace(memoryChunks(data, size));
      expect(strip(u)).toEqual(strip(t));
    }
  });
});
