import { describe, expect, it } from 'vitest';
import {
  PGALLOC_SCENARIOS,
  PgallocModel,
  findPgallocScenario,
  PAGE_LOADED,
  PAGE_STARTED,
  PAGE_UNLOADED,
} from '../../model/pgalloc';
import {
  AWAITED,
  classCounts,
  classifyPages,
  CLS_INFLIGHT,
  CLS_LOADED,
  CLS_QUEUED,
  CLS_UNLOADED,
  foldCells,
  stripGeometry,
  threadLanes,
  totalStall,
} from './derive';

const scenario = (id: string) => findPgallocScenario(id)!;

describe('classifyPages', () => {
  it('agrees with the model’s page states and deque at every step of the hand-checked run', () => {
    const sc = scenario('tiny-hand-checked');
    const m = new PgallocModel(sc.config, sc.seed);
    while (m.step()) {
      const s = m.view();
      const cls = classifyPages(s);
      const queued = new Set<number>();
      for (const e of s.loader.priority) for (let p = e.memPage; p < e.memPage + e.pages; p++) queued.add(p);
      for (let p = 0; p < s.page.length; p++) {
        const k = cls[p] & 7;
        if (queued.has(p)) expect(k).toBe(CLS_QUEUED);
        else if (s.page[p] === PAGE_LOADED) expect(k).toBe(CLS_LOADED);
        else if (s.page[p] === PAGE_STARTED) expect(k).toBe(CLS_INFLIGHT);
        else if (s.page[p] === PAGE_UNLOADED) expect(k).toBe(CLS_UNLOADED);
        expect((cls[p] & AWAITED) !== 0).toBe(s.waitCount[p] > 0);
      }
    }
  });

  it('counts: every page of the small-working-set restore is loaded at the end', () => {
    const sc = scenario('small-working-set');
    const m = new PgallocModel(sc.config, sc.seed, { checkInvariants: false });
    m.runToEnd();
    const c = classCounts(classifyPages(m.view()));
    expect(c.loaded).toBe(m.layout.committed.length);
    expect(c.hole + c.loaded).toBe(m.layout.pages);
    expect(c.awaited).toBe(0);
  });
});

describe('foldCells', () => {
  it('keeps the most urgent class and any awaited page', () => {
    const pages = Uint8Array.from([CLS_LOADED, CLS_UNLOADED, CLS_LOADED, CLS_INFLIGHT | AWAITED, CLS_LOADED]);
    expect(Array.from(foldCells(pages, 2))).toEqual([CLS_UNLOADED, CLS_INFLIGHT | AWAITED, CLS_LOADED]);
  });
  it('geometry fits any memory size into the cell budget', () => {
    expect(stripGeometry(8, 4096, 64)).toEqual({ cellPages: 1, cells: 8, rows: 1, perRow: 8 });
    const g = stripGeometry(1 << 20, 8192, 256);
    expect(g.cellPages).toBe(128);
    expect(g.cells).toBeLessThanOrEqual(8192);
    expect(g.rows * g.perRow).toBeGreaterThanOrEqual(g.cells);
  });
});

describe('threadLanes', () => {
  it('adds up to the model’s total stall, in both modes and on every scenario', () => {
    for (const sc of PGALLOC_SCENARIOS) {
      for (const mode of ['sync', 'background'] as const) {
        const m = new PgallocModel({ ...sc.config, mode }, sc.seed, { checkInvariants: false });
        const events = m.run();
        const end = events[events.length - 1].time;
        const lanes = threadLanes(events, sc.config.app.threads, end);
        expect(totalStall(lanes)).toBe(m.summary().totalStallNs);
        // A synchronous restore that fails never starts the application: no lanes at all.
        for (const l of lanes) expect(l.end === null).toBe(m.summary().timeToFirstInstructionNs === null);
      }
    }
  });

  it('follows the hand-checked run: start, stall on page 6, run, done', () => {
    const sc = scenario('tiny-hand-checked');
    const m = new PgallocModel(sc.config, sc.seed);
    const events = m.run();
    const [lane] = threadLanes(events, 1, events[events.length - 1].time);
    expect(lane.segments.map((s) => s.kind)).toEqual(['run', 'stall', 'run']);
    expect(lane.segments[0].from).toBe(0);
    expect(lane.end?.fate).toBe('done');
  });

  it('leaves an open segment ending at the current time', () => {
    const sc = scenario('small-working-set');
    const m = new PgallocModel(sc.config, sc.seed, { checkInvariants: false });
    const events = m.run(200);
    const now = events[events.length - 1].time;
    const lanes = threadLanes(events, sc.config.app.threads, now);
    for (const l of lanes) if (!l.end && l.segments.length) expect(l.segments[l.segments.length - 1].to).toBe(now);
  });
});
