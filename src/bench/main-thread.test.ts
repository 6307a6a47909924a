import { describe, expect, it } from 'vitest';
import { type TraceEvent, workPerFrame } from './main-thread';

const meta = (pid: number, tid: number, name: string): TraceEvent => ({
  name: 'thread_name',
  ph: 'M',
  ts: 0,
  pid,
  tid,
  args: { name },
});
const task = (tid: number, ts: number, dur: number): TraceEvent => ({ name: 'RunTask', ph: 'X', ts, dur, pid: 1, tid });
const frame = (tid: number, ts: number): TraceEvent => ({ name: 'BeginMainThreadFrame', ph: 'I', ts, pid: 1, tid });

describe('workPerFrame', () => {
  it('sums the renderer main thread tasks inside each frame, cutting those that straddle a boundary', () => {
    const events = [
      meta(1, 7, 'CrRendererMain'),
      meta(1, 8, 'Compositor'),
      frame(7, 0),
      task(7, 1000, 4000), // 4 ms in frame 0
      task(8, 2000, 9000), // another thread: not counted
      task(7, 15_000, 4000), // 1.7 ms in frame 0, 2.3 ms in frame 1
      frame(7, 16_700),
      frame(7, 33_400),
    ];
    const w = workPerFrame(events);
    expect(w).toHaveLength(2);
    expect(w[0]).toBeCloseTo(5.7, 6);
    expect(w[1]).toBeCloseTo(2.3, 6);
  });

  it('picks the busiest CrRendererMain (the page, not a blank tab) and is empty without frames', () => {
    const other: TraceEvent = { ...meta(2, 3, 'CrRendererMain') };
    const events = [meta(1, 7, 'CrRendererMain'), other, frame(7, 0), task(7, 10, 5), frame(7, 100)];
    expect(workPerFrame(events)).toEqual([0.005]);
    expect(workPerFrame([meta(1, 7, 'CrRendererMain'), frame(7, 0)])).toEqual([]);
    expect(workPerFrame([])).toEqual([]);
  });
});
