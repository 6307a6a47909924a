import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { memoryChunks } from '../../trace/byte-sources';
import { importQemuTrace } from '../../trace/qemu/import';
import { qemuToTimeline } from '../../trace/qemu/to-timeline';
import { summarizeTimeline } from '../../trace/summary';
import type { TraceInfo } from './protocol';
import { ringView } from './ring-view';
import { describeFailure } from './load-failure';
import { ReplaySession, type ByteSource } from './session';
import { simTrace } from '../../trace/replay/test-traces';

// Small chunks find cut-at-any-byte bugs; big ones match a browser File stream (64 KiB).
function source(data: string | Uint8Array, chunk = 1000): ByteSource {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return {
    name: 'mem',
    totalBytes: bytes.length,
    open: () => memoryChunks(bytes, chunk),
    slice: async (a, b) => bytes.slice(a, b),
  };
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
    expect(progress).toContain('summarising');
    const st = await s.state(10, 5, 15);
    expect(st.rows.map((r) => r.text)).toEqual(sim.log.slice(5, 15).map((e) => e.text));
    expect(st.event?.fields.find(([k]) => k === 'text')?.[1]).toBe(sim.log[9].text);
    sim.seek(10);
    const l = sim.vq.layout;
    expect(Array.from(st.ring!.memory.subarray(0, l.used + 4))).toEqual(
      Array.from(new Uint8Array(sim.vq.mem.buffer).subarray(0, l.used + 4)),
    );
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
    expect((await fails('{"format":"ringside-trace","version":99,"queues":[],"features":{}}\n'))?.message).toMatch(
      /newer/,
    );
  });

  it('refuses an empty file and one that is not text, saying which and showing its first bytes', async () => {
    expect((await fails(''))?.message).toBe(
      'mem is empty: there is nothing to replay. A Ringside trace has a header line and events; a QEMU trace log has one event per line.',
    );
    expect((await fails('\n\n  \n'))?.message).toMatch(/^mem is empty \(only blank lines\)/);
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]);
    expect((await fails(elf))?.message).toBe(
      'mem is neither a Ringside trace (JSON lines) nor a QEMU trace log: it is not text. It begins “·ELF··············>·” (hex 7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00 …).',
    );
    // Not UTF-8 (a lone continuation byte) is not text either; a UTF-8 character cut by the chunk is.
    expect((await fails(new Uint8Array([0x61, 0x80, 0x62, 0x0a])))?.message).toMatch(/it is not text/);
    const cut = new TextEncoder().encode('virtqueue_pop µ\n'.repeat(3));
    expect((await fails(cut, false, 15))?.message ?? '').not.toMatch(/not text|empty/);
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

/**
 * A live source the test drives: chunks of `bytes`, and before each next chunk it waits for
 * the checks queued on the last prefix, so every check sees the session at that prefix.
 */
function liveSource(bytes: Uint8Array, chunk: number, waitFor: () => Promise<void>): ByteSource {
  let arrived = 0;
  return {
    name: 'live',
    totalBytes: null,
    live: true,
    open: () =>
      (async function* () {
        for (let i = 0; i < bytes.length; i += chunk) {
          await waitFor();
          arrived = Math.min(bytes.length, i + chunk);
          yield bytes.subarray(i, arrived);
        }
      })(),
    // Only what has arrived can be read, as in the page.
    slice: async (a, b) => {
      if (b > arrived) throw new Error(`read past what arrived: ${b} > ${arrived}`);
      return bytes.slice(a, b);
    },
  };
}

const NOW = { minGapMs: 0, costFactor: 0 };

/** The view a person sees at step p, from a session's state and info (what ringView draws). */
async function seen(s: ReplaySession, p: number, rowsTo: number) {
  const st = await s.state(p, p - 4, rowsTo);
  const rs = s.info.ringside!;
  const v = ringView(st.ring!.memory, rs.layout, rs.eventIdx, st.ring!.priv, rs.bases);
  return {
    position: st.position,
    rows: st.rows,
    event: st.event,
    memory: Array.from(st.ring!.memory),
    priv: st.ring!.priv,
    pointers: v.pointers,
    avail: v.avail,
    used: v.used,
    owners: v.owners,
  };
}

/** Streams `text` in chunks and checks, at every `every`-th prefix, several steps against the complete trace. */
async function followAndCompare(text: string, chunk: number, every = 1) {
  const bytes = new TextEncoder().encode(text);
  const whole = await ReplaySession.load(source(bytes), { skipBadLines: false }, () => undefined);
  let checks: Promise<void> = Promise.resolve();
  const counts: number[] = [];
  let prefixes = 0;
  const onPrefix = (s: ReplaySession) => {
    const info = s.info;
    const n = info.steps.time.length;
    expect(info.live).toBe('receiving');
    counts.push(n);
    if (prefixes++ % every !== 0) return;
    checks = checks.then(async () => {
      // The step table of the prefix is the complete one's first n steps.
      expect(Array.from(info.steps.kind)).toEqual(Array.from(whole.info.steps.kind.subarray(0, n)));
      expect(Array.from(info.steps.time)).toEqual(Array.from(whole.info.steps.time.subarray(0, n)));
      expect(info.markers).toEqual(whole.info.markers.filter((m) => m.step < n));
      for (const p of new Set([0, 1, n >> 2, n >> 1, n - 1, n].filter((x) => x >= 0 && x <= n))) {
        const rowsTo = Math.min(n, p + 4);
        expect(await seen(s, p, rowsTo), `step ${p} with ${n} events received`).toEqual(await seen(whole, p, rowsTo));
      }
    });
  };
  const s = await ReplaySession.load(
    liveSource(bytes, chunk, () => checks),
    { skipBadLines: false },
    () => undefined,
    { onPrefix, pacing: NOW },
  );
  await checks;
  return { whole, s, counts };
}

describe('ReplaySession following a live stream', () => {
  it('states at steps of every prefix equal the complete trace’s, and the end equals loading it whole', async () => {
    const { text } = simTrace({ scenario: 'out-of-order', seed: 4, requests: 40 });
    const { whole, s, counts } = await followAndCompare(text, 997);
    expect(counts.length).toBeGreaterThan(20);
    // The step count only grows, to the whole trace.
    for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeGreaterThanOrEqual(counts[k - 1]);
    expect(s.info.live).toBe('ended');
    const strip = (i: TraceInfo) => ({ ...i, name: '', loadMs: 0, retainedBytes: 0, live: null });
    expect(strip(s.info)).toEqual(strip(whole.info));
    for (const p of [0, 7, whole.count >> 1, whole.count])
      expect(await seen(s, p, Math.min(whole.count, p + 4))).toEqual(
        await seen(whole, p, Math.min(whole.count, p + 4)),
      );
  });

  it('cut anywhere: indices that start at 65530, and tiny chunks', async () => {
    const { text } = simTrace({ scenario: 'wrap-around', seed: 2, requests: 30 });
    const { s, whole, counts } = await followAndCompare(text, 13, 97);
    // The header alone is a prefix already: step 0, the initial ring image.
    expect(counts[0]).toBe(0);
    expect(counts.at(-1)).toBe(whole.count);
    expect(s.count).toBe(whole.count);
  });

  it('a driver-side capture (no pops): last_avail inferred the same way in every prefix', async () => {
    const { text } = simTrace({ scenario: 'bursty', seed: 3, requests: 30 });
    const driverSide = text
      .split('\n')
      .filter((l, i) => i === 0 || !l.includes('"actor":"device"'))
      .join('\n');
    const { s, whole } = await followAndCompare(driverSide, 4096);
    expect(whole.info.ringside?.bases.lastAvail0).toBeNull();
    expect(s.info.limitations).toEqual(whole.info.limitations);
  });

  it('bad lines: the same error and line number as a complete file, or skipped and counted', async () => {
    const { text } = simTrace({ scenario: 'steady', seed: 1, requests: 6 });
    const lines = text.split('\n');
    const truncated = new TextEncoder().encode(
      [...lines.slice(0, 4), lines[4].slice(0, 30), ...lines.slice(5)].join('\n'),
    );
    const follow = { onPrefix: () => undefined, pacing: NOW };
    const ready = () => Promise.resolve();
    const err = await ReplaySession.load(
      liveSource(truncated, 100, ready),
      { skipBadLines: false },
      () => undefined,
      follow,
    ).catch((e) => describeFailure(e));
    expect(err).toMatchObject({ line: 5 });
    expect((err as { message: string }).message).toMatch(/line 5: expected/);
    const s = await ReplaySession.load(
      liveSource(truncated, 100, ready),
      { skipBadLines: true },
      () => undefined,
      follow,
    );
    expect(s.info.badLines.count).toBe(1);
    expect(s.info.live).toBe('ended');
  });

  it('stopping keeps what arrived, as a stopped session', async () => {
    const { text } = simTrace({ scenario: 'steady', seed: 2, requests: 30 });
    const bytes = new TextEncoder().encode(text);
    const stop = new AbortController();
    let seenCount = 0;
    const s = await ReplaySession.load(
      liveSource(bytes, 2000, async () => undefined),
      { skipBadLines: false },
      () => undefined,
      {
        pacing: NOW,
        stop: stop.signal,
        onPrefix: (x) => {
          seenCount = x.info.steps.time.length;
          if (seenCount > 20) stop.abort();
        },
      },
    );
    expect(s.info.live).toBe('stopped');
    expect(s.count).toBe(seenCount);
    expect(s.count).toBeLessThan(text.split('\n').length - 2);
    expect((await s.state(s.count, s.count - 3, s.count)).rows).toHaveLength(3);
  });
});
