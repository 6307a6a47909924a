import { describe, expect, it } from 'vitest';
import { VirtproxyModel } from './model';
import { VIRTPROXY_SCENARIOS } from './scenarios';
import type { MuxMode } from './types';
import { aliceBobMaryJoe } from './workload';

describe('the review scenario (Alice↔Bob, Mary↔Joe over one channel)', () => {
  it('seeds 0–24: deadlocks without flow control, and the cycle runs through Bob, the host mux, the guest demux and Joe', () => {
    for (let seed = 0; seed < 25; seed++) {
      const m = new VirtproxyModel(aliceBobMaryJoe(), { mode: 'shared' }, seed);
      const events = m.run();
      const last = events[events.length - 1];
      expect(last.kind).toBe('deadlock');
      const dl = m.view().deadlock!;
      expect(last.deadlock).toEqual(dl);
      expect(dl.cycle.map((x) => x.from).sort()).toEqual(['demux:h2g', 'mux:h2g', 'proc:Bob', 'proc:Joe']);
      // The cycle closes: each edge leads to the next one's source.
      dl.cycle.forEach((x, i) => {
        expect(x.to).toBe(dl.cycle[(i + 1) % dl.cycle.length].from);
      });
      // Alice is waiting too (for Bob's answer) but is not part of the cycle.
      expect(dl.edges.some((x) => x.from === 'proc:Alice')).toBe(true);
      expect(m.summary().cycle).toEqual(
        expect.arrayContaining(['Bob', 'Joe', 'the host multiplexer', 'the guest demultiplexer']),
      );
    }
  });

  for (const mode of ['ports', 'credit'] as MuxMode[]) {
    it(`seeds 0–24: completes with ${mode}, every byte delivered`, () => {
      for (let seed = 0; seed < 25; seed++) {
        const s = new VirtproxyModel(aliceBobMaryJoe(), { mode }, seed).runToEnd();
        expect(s.outcome).toBe('complete');
        expect(s.bytesRead).toBe(s.bytesWritten);
        expect(s.bytesRead).toBe(40 + 4096 + 16 + 16);
      }
    });
  }

  it('credit mode never blocks the demultiplexer and uses CREDIT_UPDATE and CREDIT_REQUEST', () => {
    const s = new VirtproxyModel(aliceBobMaryJoe(), { mode: 'credit' }, 3).runToEnd();
    expect(s.demuxBlockedNs).toBe(0);
    expect(s.creditUpdates).toBeGreaterThan(0);
    expect(s.creditRequests).toBeGreaterThan(0);
  });
});

describe('step API', () => {
  it('seed 4: snapshot and restore replay the same events', () => {
    const m = new VirtproxyModel(aliceBobMaryJoe(), { mode: 'credit' }, 4);
    m.run(200);
    const snap = m.snapshot();
    expect(structuredClone(snap)).toEqual(snap);
    const rest = m.run();
    m.restore(snap);
    expect(m.run()).toEqual(rest);
    expect(m.step()).toBeNull();
  });

  it('seed 6: runs are deterministic and events are plain JSON with a sentence', () => {
    const a = new VirtproxyModel(aliceBobMaryJoe(), { mode: 'shared' }, 6).run();
    const b = new VirtproxyModel(aliceBobMaryJoe(), { mode: 'shared' }, 6).run();
    expect(a).toEqual(b);
    for (const e of a) {
      expect(JSON.parse(JSON.stringify(e))).toEqual(e);
      expect(e.text.length).toBeGreaterThan(10);
    }
  });

  it('reads arrive in arbitrary chunks and partial packets are kept for the next read', () => {
    const events = new VirtproxyModel(aliceBobMaryJoe(), { mode: 'ports' }, 2).run();
    expect(events.some((e) => e.kind === 'demux-read' && /partial/.test(e.text))).toBe(true);
  });
});

describe('scenario catalogue', () => {
  it('lists unique, described scenarios whose outcomes match their titles', () => {
    expect(new Set(VIRTPROXY_SCENARIOS.map((s) => s.id)).size).toBe(VIRTPROXY_SCENARIOS.length);
    for (const sc of VIRTPROXY_SCENARIOS) {
      expect(sc.description.length).toBeGreaterThan(100);
      const s = new VirtproxyModel(sc.workload, sc.config, sc.seed).runToEnd();
      expect(s.outcome).toBe(sc.id === 'review-deadlock' ? 'deadlock' : 'complete');
    }
  });

  it('without the dependency the shared channel only delays Alice (head-of-line blocking)', () => {
    const sc = VIRTPROXY_SCENARIOS.find((s) => s.id === 'no-dependency')!;
    const s = new VirtproxyModel(sc.workload, sc.config, sc.seed).runToEnd();
    expect(s.demuxBlockedNs).toBeGreaterThan(0);
  });
});
