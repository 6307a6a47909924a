import { describe, expect, it } from 'vitest';
import { LisafsPoolSim, POOL_SCENARIOS } from '../../model/lisafs/index';
import { channelShares, latencyPoints, logRows, markers, stackMove, stackTopFirst } from './derive';
import { explain } from './explain';

const scenario = (id: string) => POOL_SCENARIOS.find((s) => s.id === id)!;

describe('lisafs view derivations', () => {
  it('always pops the channel that was on top of the stack (LIFO), and says so', () => {
    const sim = new LisafsPoolSim(scenario('oversubscribed').config);
    let prevTop: number | null = null;
    let pops = 0;
    for (let e = sim.step(); e; e = sim.step()) {
      const mv = stackMove(e);
      if (mv?.op === 'pop') {
        expect(mv.channel).toBe(prevTop);
        pops++;
      }
      if (mv?.op === 'push') expect(stackTopFirst(sim.state)![0]).toBe(mv.channel);
      prevTop = stackTopFirst(sim.state)?.[0] ?? null;
    }
    expect(pops).toBeGreaterThan(50);
  });

  it('shows the light-load run as lopsided: the hottest channel carries most RPCs', () => {
    const sim = new LisafsPoolSim(scenario('hot-channel').config);
    sim.run();
    const shares = channelShares(sim.state);
    const hot = shares.find((s) => s.hottest)!;
    expect(hot.share).toBeGreaterThan(0.5);
    expect(shares.some((s) => s.uses === 0)).toBe(true);
  });

  it('marks the watchdog and the hang-up on the timeline and tags them in the log', () => {
    const sim = new LisafsPoolSim(scenario('gofer-hangup').config);
    const events = sim.run();
    const m = markers(events);
    expect(m.filter((x) => x.tone === 'watch').map((x) => x.label)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('hang-up'),
        expect.stringContaining('watchdog'),
        expect.stringContaining('destroy'),
      ]),
    );
    const rows = logRows(events);
    expect(rows).toHaveLength(events.length);
    expect(rows.find((r) => r.tag === 'watchdog')!.tone).toBe('warn');
    expect(rows.every((r, i) => r.position === i + 1)).toBe(true);
  });

  it('plots only application RPCs, by path', () => {
    const sim = new LisafsPoolSim(scenario('bad-requests').config);
    sim.run();
    const pts = latencyPoints(sim.state);
    expect(pts.some((p) => p.mid === 'Mount' || p.mid === 'Channel')).toBe(false);
    expect(pts.filter((p) => p.path === 'rejected').every((p) => p.errno === 'EOPNOTSUPP' || p.errno === 'EIO')).toBe(
      true,
    );
  });

  it('explains a channel with the facts of the model', () => {
    const sim = new LisafsPoolSim(scenario('hot-channel').config);
    for (let i = 0; i < 20; i++) sim.step();
    const top = stackTopFirst(sim.state)![0];
    const x = explain(sim.state, { kind: 'channel', id: top })!;
    expect(x.facts.find(([k]) => k === 'on the stack')![1]).toMatch(/on top/);
    expect(explain(sim.state, { kind: 'channel', id: 99 })).toBeNull();
    expect(explain(sim.state, { kind: 'stack' })!.facts[0][1]).toBe(sim.state.stack!.join(' → '));
  });
});
