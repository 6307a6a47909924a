/**
 * The application's memory accesses, decided up front from the seed. Fixing them before the run
 * means a synchronous and a background restore of the same seed replay the very same program, so
 * their figures can be compared fairly.
 */
import { Prng } from '../sim/prng';
import { PAGE_SIZE, type AppConfig } from './config';
import type { Layout } from './layout';

/** accesses[thread] = list of first pages of the fault ranges the thread touches, in order. */
export type AccessPlan = number[][];

export function buildAccessPlan(app: AppConfig, layout: Layout, seed: number): AccessPlan {
  const rng = Prng.stream(seed, 'pgalloc-app');
  const faultPages = app.faultBytes / PAGE_SIZE;
  const align = (page: number) => Math.floor(page / faultPages) * faultPages;
  const committed = layout.committed;
  const plan: AccessPlan = [];
  if (app.pattern.kind === 'explicit')
    return app.pattern.addresses.map((l) => l.map((a) => align(Math.floor(a / PAGE_SIZE))));
  if (committed.length === 0) {
    for (let t = 0; t < app.threads; t++) plan.push([]);
    return plan;
  }
  const p = app.pattern;
  if (p.kind === 'touch-all') {
    // Each thread takes an equal stripe of committed memory and touches every fault range of it.
    for (let t = 0; t < app.threads; t++) {
      const lo = Math.floor((t * committed.length) / app.threads);
      const hi = Math.floor(((t + 1) * committed.length) / app.threads);
      const spans: number[] = [];
      for (let i = lo; i < hi; i++) {
        const s = align(committed[i]);
        if (spans[spans.length - 1] !== s) spans.push(s);
      }
      plan.push(p.order === 'shuffled' ? rng.shuffle(spans) : spans);
    }
    return plan;
  }
  // Locality: positions are indices into the committed list, so walks skip holes naturally.
  const hotCount = Math.max(1, Math.round(committed.length * p.hotFraction));
  const hotStart = rng.int(0, committed.length - hotCount);
  const window = Math.max(1, Math.round(p.windowBytes / PAGE_SIZE));
  for (let t = 0; t < app.threads; t++) {
    const list: number[] = [];
    let pos = hotStart + rng.int(0, hotCount - 1);
    for (let i = 0; i < p.accessesPerThread; i++) {
      if (i > 0) {
        if (rng.bool(p.locality)) pos = Math.min(committed.length - 1, Math.max(0, pos + rng.int(-window, window)));
        else pos = hotStart + rng.int(0, hotCount - 1);
      }
      list.push(align(committed[pos]));
    }
    plan.push(list);
  }
  return plan;
}
