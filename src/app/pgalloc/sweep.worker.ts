/**
 * Runs a sweep off the main thread: both modes at each value, one point after another, each
 * posted as soon as it is done so the page can draw it and move its progress bar. The page
 * cancels by terminating the worker.
 */
import { sweepSteps } from '../../model/pgalloc';
import type { SweepReply, SweepRequest } from './sweep-protocol';

const post = (m: SweepReply) => (self as unknown as { postMessage(m: SweepReply): void }).postMessage(m);

self.onmessage = (ev: MessageEvent<SweepRequest>) => {
  const r = ev.data;
  for (const step of sweepSteps(r.base, r.seed, r.param, r.values)) post(step);
};
