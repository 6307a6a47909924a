import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { memoryChunks } from '../../trace/byte-sources';
import { importQemuTrace } from '../../trace/qemu/import';
import { qemuToTimeline } from '../../trace/qemu/to-timeline';
import { summarizeTimeline } from '../../trace/summary';
import { ReplaySession, describeFailure, type ByteSource } from './session';
import { simTrace } from './test-traces';

// Small chunks find cut-at-any-byte bugs; big ones match a browser File stream (64 KiB).
function source(data: string | Uint8Array, chunk = 1000): ByteSource {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return { name: 'mem', totalBytes: bytes.length, open: () => memoryChunks(bytes, chunk), slice: async (a, b) => bytes.slice(a, b) };
}

async function fails(data: string | Uint8Array, skip = false, chunk = 1000) {
  try {
    await ReplaySession.load(source(data, chunk), { skipBadLines: skip }, () => undefined);
  } catch (e) {
    return describeFailure(e);
  }
  return null;
}

describe('ReplaySession', () => {
  it('loads a Ringside trace: counts, rows, state and detail', async () => {
    const { sim, text } = simTrace({ scenario: 'bursty', seed: 7 });
    const progress: string[] = [];
    const s = await ReplaySession.load(source(text), { skipBadLines: false }, (p) => progress.push(p.phase));
    expect(s.info.format).toBe('ringside');
    expect(s.count).toBe(sim.log.length);
    expect(progress).toContain('details');
    const st = await s.state(10, 5, 15);
    expect(st.rows.map((r) => r.text)).toEqual(sim.log.slice(5, 15).map((e) => e.text));
    expect(st.event?.fields.find(([k]) => k === 'text')?.[1]).toBe(sim.log[9].text);
    sim.seek(10);
    const l = sim.vq.layout;
    expect(Array.from(st.ring!.memory.subarray(0, l.used + 4))).toEqual(Array.from(new Uint8Array(sim.vq.mem.buffer).subarray(0, l.used + 4)));
    const d = s.info.summary.devices[0];
    expect(d.requests).toBe(sim.log.filter((e) => e.kind === 'add').length);
    expect(d.kicks).toBe(sim.log.filter((e) => e.kind === 'kick').length);
    expect(d.interrupts).toBe(sim.log.filter((e) => e.kind === 'flush' && e.data.interrupt === true).length);
    expect(s.info.ringside?.bases).toEqual({ lastAvail0: 0, lastUsed0: 0 });
    expect((await s.exportChrome().text()).startsWith('{')).toBe(true);
  });

  it('loads the QEMU sample with the importer’s counts and limitations', async () => {
    const bytes = readFileSync('public/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log');
    const s = await ReplaySession.load(source(new Uint8Array(bytes)), { skipBadLines: false }, () => undefined);
    const want = summarizeTimeline(qemuToTimeline(await importQemuTrace(memoryChunks(new Uint8Array(bytes)))));
    expect(s.info.format).toBe('qemu');
    expect(s.info.summary).toEqual(want);
    expect(want.devices[0]).toMatchObject({ requests: 84, kicks: 86, interrupts: 83 });
    expect(s.info.limitations.length).toBeGreaterThan(0);
    expect(s.count).toBe(84 * 2 + 86 + 83);
    const st = await s.state(3, 0, 5);
    expect(st.rows).toHaveLength(5);
    expect(st.event?.fields.length).toBeGreaterThan(2);
    expect(st.ring).toBeNull();
  });

  it('gives line numbers and what was expected for bad input, and skips on request', async () => {
    const { text } = simTrace({ scenario: 'steady', seed: 1, requests: 5 });
    const lines = text.split('\n');
    const truncated = [...lines.slice(0, 4), lines[4].slice(0, 30), ...lines.slice(5)].join('\n');
    expect(await fails(truncated)).toMatchObject({ line: 5 });
    expect((await fails(truncated))?.message).toMatch(/line 5: expected/);
    expect(await fails(truncated, true)).toBeNull();
    const missing = [...lines.slice(0, 3), '{"step":2,"time":1}', ...lines.slice(3)].join('\n');
    expect((await fails(missing))?.message).toMatch(/line 4: expected/);
    const huge = [...lines.slice(0, 3), lines[3].replace(/"time":\d+/, '"time":1e400'), ...lines.slice(4)].join('\n');
    expect((await fails(huge))?.message).toMatch(/line 4: expected "time"/);
    const garbage = new Uint8Array(5000).map((_, i) => (i * 7919) % 256);
    expect(await fails(garbage)).not.toBeNull();
    expect((await fails('{"format":"ringside-trace","version":99,"queues":[],"features":{}}\n'))?.message).toMatch(/newer/);
  });

  it('refuses a long single line without buffering it all', async () => {
    const one = new Uint8Array(12 << 20).fill(0x61);
    const f = await fails(one, false, 1 << 16);
    expect(f?.message).toMatch(/longer than/);
    const j = new Uint8Array(12 << 20).fill(0x20);
    j[0] = 0x7b;
    expect((await fails(j, false, 1 << 16))?.message).toMatch(/longer than|line 1/);
  });
});
