/**
 * Runs a sweep off the main thread: both modes at each value, one point after another, each
 * posted as soon as it is done so the page can draw it and move its progress bar. The page
 * cancels by terminating the worker.
 */
import { sweepPoint } from '../../model/pgalloc';
import type { SweepReply, SweepRequest } from './sweep-protocol';

const post = (m: SweepReply) => (self as unknown as { postMessage(m: SweepReply): void }).postMessage(m);

self.onmessage = (ev: MessageEvent<SweepRequest>) => {
  const r = ev.data;
  try {
    r.values.forEach((v, index) => post({ job: r.job, type: 'point', index, point: sweepPoint(r.base, r.seed, r.param, v) }));
    post({ job: r.job, type: 'done' });
  } catch (e) {
    post({ job: r.job, type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
