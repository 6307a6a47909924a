/**
 * Rules checked after every step. They restate the loader's promises: bounded queue, bounded
 * reads, each byte read once, waiters counted exactly and woken at zero, awaited ranges never
 * queued behind more background reads than the queue holds.
 */
import { PAGE_SIZE, type PgallocConfig } from './config';
import { PgallocInvariantError as E } from './errors';
import type { Layout } from './layout';
import { limitsOf, pendingPages } from './loader';
import { PAGE_HOLE, PAGE_LOADED, PAGE_STARTED, PAGE_UNLOADED, type PgallocState } from './types';

export function checkInvariants(s: PgallocState, cfg: PgallocConfig, layout: Layout): void {
  const L = s.loader;
  const lim = limitsOf(cfg);
  if (L.inflight.length + L.qavail !== cfg.loader.maxInflight || L.qavail < 0) {
    throw new E(
      'queue-overflow',
      `${L.inflight.length} reads in flight with ${L.qavail} free slots of ${cfg.loader.maxInflight}`,
    );
  }
  let startedInOps = 0;
  for (const op of L.inflight) {
    if (op.pages > lim.maxReadPages) throw new E('read-too-large', `read ${op.id} is ${op.pages * PAGE_SIZE} bytes`);
    if (op.iovecs.length > lim.maxIovecs)
      throw new E('too-many-iovecs', `read ${op.id} has ${op.iovecs.length} iovecs`);
    let f = op.filePage;
    for (const v of op.iovecs) {
      for (let k = 0; k < v.pages; k++) {
        const p = v.memPage + k;
        if (layout.filePage[p] !== f++)
          throw new E('op-not-contiguous', `read ${op.id} is not one stretch of the pages file at page ${p}`);
        if (s.page[p] !== PAGE_STARTED) throw new E('page-state', `page ${p} of read ${op.id} is not marked started`);
      }
      startedInOps += v.pages;
    }
    if (f - op.filePage !== op.pages) throw new E('op-not-contiguous', `read ${op.id} iovecs do not add up`);
  }
  const cover = new Array<number>(layout.pages).fill(0);
  for (const w of s.waiters) {
    for (let p = w.memPage; p < w.memPage + w.pages; p++) cover[p]++;
    const pend = pendingPages(s, w.memPage, w.pages) * PAGE_SIZE;
    if (w.pending !== pend)
      throw new E('waiter-pending', `waiter ${w.id} counts ${w.pending} pending bytes, really ${pend}`);
    if (w.pending === 0) throw new E('waiter-not-woken', `waiter ${w.id} has nothing pending but still waits`);
    const t = s.threads[w.thread];
    if (t.status !== 'blocked') throw new E('thread-state', `thread ${t.id} has a waiter but is ${t.status}`);
  }
  let started = 0;
  let unloaded = 0;
  for (let p = 0; p < layout.pages; p++) {
    const st = s.page[p];
    if (cover[p] !== s.waitCount[p])
      throw new E('waiter-pending', `page ${p} wait count ${s.waitCount[p]} ≠ ${cover[p]}`);
    if (s.loadCount[p] > 1) throw new E('loaded-twice', `page ${p} was read ${s.loadCount[p]} times`);
    if ((st === PAGE_LOADED) !== (s.loadCount[p] === 1))
      throw new E('page-state', `page ${p} status ${st} with load count ${s.loadCount[p]}`);
    if ((st === PAGE_HOLE) !== layout.filePage[p] < 0)
      throw new E('page-state', `page ${p} hole status disagrees with the layout`);
    if (st === PAGE_STARTED) started++;
    if (st === PAGE_UNLOADED) {
      unloaded++;
      if (p < L.minUnstarted && L.err === null)
        throw new E('cursor-skipped-page', `page ${p} is unloaded but below the background cursor`);
    }
  }
  if (started !== startedInOps) throw new E('page-state', `${started} pages marked started, ${startedInOps} in reads`);
  if (unloaded !== L.unloadedPages)
    throw new E('page-state', `${unloaded} unloaded pages, counter says ${L.unloadedPages}`);
  for (const e of L.priority) {
    if (e.unawaitedAhead > cfg.loader.maxInflight) {
      throw new E(
        'priority-starved',
        `awaited range at page ${e.memPage} is behind ${e.unawaitedAhead} background reads`,
      );
    }
    for (let k = 0; k < e.pages; k++) {
      const p = e.memPage + k;
      if (s.page[p] !== PAGE_UNLOADED || s.waitCount[p] === 0 || layout.filePage[p] !== e.filePage + k) {
        throw new E(
          'page-state',
          `priority range at page ${e.memPage} covers page ${p}, which is not an awaited unloaded page`,
        );
      }
    }
  }
  if (L.err !== null && (s.waiters.length > 0 || L.inflight.length > 0)) {
    throw new E('waiter-not-woken', 'after a load error no one may still wait and nothing may be in flight');
  }
  for (const t of s.threads) {
    const hasWaiter = s.waiters.some((w) => w.thread === t.id);
    if ((t.status === 'blocked') !== hasWaiter)
      throw new E('thread-state', `thread ${t.id} is ${t.status} but ${hasWaiter ? 'has' : 'has no'} waiter`);
  }
}
