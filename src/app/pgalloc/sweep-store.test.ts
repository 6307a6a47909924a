import { describe, expect, it } from 'vitest';
import { findPgallocScenario, sweepPoint, sweepValues, type SweepSpec } from '../../model/pgalloc';
import type { SweepRequest } from './sweep-protocol';
import {
  createSweepController,
  inlineBackend,
  pointsDone,
  type SweepBackend,
  type SweepTarget,
  type SweepViewState,
} from './sweep-store';

const tiny = findPgallocScenario('tiny-hand-checked')!;
const spinning = findPgallocScenario('spinning-disk')!;
const targetOf = (sc: typeof tiny, key = sc.id): SweepTarget => ({ key, base: sc.config, seed: sc.seed });

/** The inline backend, counting the requests it was given. */
function counting() {
  const requests: SweepRequest[] = [];
  const backend: SweepBackend = (req, reply) => {
    requests.push(req);
    return inlineBackend(req, reply);
  };
  return { requests, backend };
}

function settled(store: {
  getState(): SweepViewState;
  subscribe(f: (s: SweepViewState) => void): () => void;
}): Promise<SweepViewState> {
  return new Promise((resolve) => {
    const check = (s: SweepViewState) => {
      if (s.status !== 'running' && s.status !== 'idle') {
        unsub();
        resolve(s);
      }
    };
    const unsub = store.subscribe(check);
    check(store.getState());
  });
}

describe('sweep controller', () => {
  const spec: SweepSpec = { param: 'inflight', from: 1, to: 8, points: 4 };

  it('seed 0: computes every point, one at a time, equal to a direct run of the model', async () => {
    const { requests, backend } = counting();
    const c = createSweepController(backend, () => targetOf(tiny));
    const progress: number[] = [];
    c.store.subscribe((s) => progress.push(pointsDone(s)));
    c.request(spec);
    expect(c.store.getState().spec).toEqual(spec);
    const s = await settled(c.store);
    expect(s.status).toBe('done');
    expect(s.values).toEqual(sweepValues(spec));
    expect(s.points).toEqual(s.values.map((v) => sweepPoint(tiny.config, tiny.seed, 'inflight', v)));
    expect(s.key).toBe(tiny.id);
    // The progress moved one point at a time.
    expect([...new Set(progress)]).toEqual([0, 1, 2, 3, 4]);
    expect(requests).toHaveLength(1);
  });

  it('seed 3: a change of the restore mid-sweep cancels it; late replies of the old sweep are ignored', async () => {
    let target = targetOf(tiny);
    const replies: ((r: never) => void)[] = [];
    const backend: SweepBackend = (req, reply) => {
      replies.push(reply as never);
      return inlineBackend(req, reply);
    };
    const c = createSweepController(backend, () => target);
    c.request(spec);
    await Promise.resolve();
    expect(c.store.getState().status).toBe('running');
    target = targetOf(spinning);
    c.retarget();
    const s = await settled(c.store);
    expect(s.key).toBe(spinning.id);
    expect(s.points).toEqual(sweepValues(spec).map((v) => sweepPoint(spinning.config, spinning.seed, 'inflight', v)));
    // A late reply to the first job changes nothing.
    replies[0]({ type: 'point', index: 0, point: sweepPoint(tiny.config, tiny.seed, 'inflight', 1) } as never);
    expect(c.store.getState().points[0]).toEqual(sweepPoint(spinning.config, spinning.seed, 'inflight', 1));
  });

  it('several changes in one task start one computation, for the final state', async () => {
    const { requests, backend } = counting();
    let target = targetOf(tiny);
    const c = createSweepController(backend, () => target);
    c.request({ ...spec, points: 2 });
    c.request(spec);
    target = targetOf(spinning);
    c.retarget();
    await settled(c.store);
    expect(requests).toHaveLength(1);
    expect(requests[0].base).toBe(spinning.config);
    expect(requests[0].values).toEqual(sweepValues(spec));
    // The same sweep of the same restore again: nothing to do.
    c.request(spec);
    c.retarget();
    await Promise.resolve();
    expect(requests).toHaveLength(1);
  });

  it('stop keeps the points so far; rerun computes them all again; clearing forgets everything', async () => {
    const c = createSweepController(inlineBackend, () => targetOf(tiny));
    c.request(spec);
    await new Promise<void>((resolve) => {
      const unsub = c.store.subscribe((s) => {
        if (pointsDone(s) === 2) {
          unsub();
          c.stop();
          resolve();
        }
      });
    });
    const stopped = c.store.getState();
    expect(stopped.status).toBe('stopped');
    expect(stopped.points.filter(Boolean)).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(pointsDone(c.store.getState())).toBe(2);
    c.rerun();
    await Promise.resolve();
    expect({ ...c.store.getState(), done: pointsDone(c.store.getState()) }).toMatchObject({
      status: 'running',
      done: 0,
    });
    expect(pointsDone(await settled(c.store))).toBe(4);
    c.request(null);
    await Promise.resolve();
    expect({ ...c.store.getState(), done: pointsDone(c.store.getState()) }).toMatchObject({
      spec: null,
      status: 'idle',
      points: [],
      done: 0,
    });
  });

  it('refuses a sweep the restore cannot take, with the reason', async () => {
    const touch = findPgallocScenario('touch-everything')!;
    const c = createSweepController(inlineBackend, () => targetOf(touch));
    c.request({ param: 'hot', from: 5, to: 50, points: 3 });
    const s = await settled(c.store);
    expect(s.status).toBe('error');
    expect(s.error).toMatch(/does not apply/);
  });
});
