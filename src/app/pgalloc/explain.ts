/** Explanations, in words, of the things one can click in the pgalloc view. */
import { PAGE_SIZE, type PgallocModel, type ReadOp, type PriorityEntry, type ThreadState } from '../../model/pgalloc';
import type { Explanation } from '../kit/Widgets';
import { classCounts } from './derive';
import { fmtBytes, fmtNs } from './format';

export function explainPages(m: PgallocModel, classes: Uint8Array, first: number, count: number): Explanation {
  const s = m.view();
  const end = Math.min(first + count, m.layout.pages);
  const c = classCounts(classes.subarray(first, end));
  const lines: string[] = [];
  const parts = [
    c.loaded && `${c.loaded} loaded`,
    c.unloaded && `${c.unloaded} not loaded yet and not asked for`,
    c.queued && `${c.queued} queued in the priority deque (a thread needs them; no read has started)`,
    c.inflight && `${c.inflight} being read right now`,
    c.hole && `${c.hole} never committed (holes: nothing saved, nothing to load)`,
  ].filter(Boolean);
  lines.push(`Pages: ${parts.join(', ')}.`);
  const fp = m.layout.filePage.slice(first, end).find((f) => f >= 0);
  if (fp !== undefined)
    lines.push(
      `Saved pages here start at pages-file offset ${fmtBytes(fp * PAGE_SIZE)}: the pages file holds only committed memory, in address order.`,
    );
  if (c.awaited) {
    const who = s.waiters
      .filter((w) => w.memPage < end && w.memPage + w.pages > first)
      .map((w) => `thread ${w.thread} (waiting since ${fmtNs(w.since)}, ${fmtBytes(w.pending)} still pending)`);
    lines.push(
      `${c.awaited} page${c.awaited === 1 ? ' is' : 's are'} awaited: ${who.join('; ') || 'a thread'} cannot run until they arrive.`,
    );
  }
  const reads = s.loader.inflight.filter((o) => o.iovecs.some((v) => v.memPage < end && v.memPage + v.pages > first));
  if (reads.length)
    lines.push(`Covered by read${reads.length > 1 ? 's' : ''} ${reads.map((o) => `#${o.id}`).join(', ')}, in flight.`);
  return {
    title: `Memory ${fmtBytes(first * PAGE_SIZE)} – ${fmtBytes(end * PAGE_SIZE)} (${end - first} page${end - first === 1 ? '' : 's'})`,
    lines,
  };
}

export function explainRead(m: PgallocModel, o: ReadOp): Explanation {
  const now = m.now;
  const lines = [
    `${fmtBytes(o.pages * PAGE_SIZE)} from pages-file offset ${fmtBytes(o.filePage * PAGE_SIZE)}, into ${o.iovecs.length} memory range${o.iovecs.length > 1 ? 's' : ''} (iovecs): ${o.iovecs
      .slice(0, 6)
      .map((v) => `${fmtBytes(v.memPage * PAGE_SIZE)}+${fmtBytes(v.pages * PAGE_SIZE)}`)
      .join(', ')}${o.iovecs.length > 6 ? ', …' : ''}.`,
    o.iovecs.length > 1
      ? 'One read fills several memory ranges because they sit back to back in the pages file (the holes between them were never saved).'
      : 'One memory range: a single contiguous stretch.',
    o.awaited
      ? 'An awaited read: a thread is blocked on this memory, so it was issued before any background read.'
      : 'A background read: nobody is waiting for it; the loader issues these in address order to fill free slots.',
    `Issued at ${fmtNs(o.submittedAt)}, completes at ${fmtNs(o.completesAt)} (${fmtNs(Math.max(0, o.completesAt - now))} from now). It holds one of the ${m.config.loader.maxInflight} operation slots until then.`,
  ];
  if (o.short) lines.push('The disk will return this read short: the loader will treat it as a permanent EIO.');
  return { title: `Read #${o.id}`, lines };
}

export function explainDequeEntry(m: PgallocModel, e: PriorityEntry, index: number): Explanation {
  return {
    title: `Priority deque entry ${index + 1}`,
    lines: [
      `${fmtBytes(e.pages * PAGE_SIZE)} at memory ${fmtBytes(e.memPage * PAGE_SIZE)} (pages-file offset ${fmtBytes(e.filePage * PAGE_SIZE)}), queued at ${fmtNs(e.queuedAt)} because a thread touched it.`,
      `No read has started for it yet: all ${m.config.loader.maxInflight} slots are busy. When one frees, the loader takes awaited ranges from the front of this deque before any background read.`,
      `A range larger than one read (${fmtBytes(m.config.loader.maxReadBytes)}) is split: the part that fits is read, the rest goes to the back, so one huge range cannot starve the other waiters.`,
      `${e.unawaitedAhead} background read${e.unawaitedAhead === 1 ? ' was' : 's were'} ahead of it since it was queued — never more than the queue’s capacity.`,
    ],
  };
}

export function explainThread(m: PgallocModel, t: ThreadState): Explanation {
  const s = m.view();
  const total = m.plan[t.id].length;
  const w = s.waiters.find((x) => x.thread === t.id);
  const stall = t.stallNs + (t.blockedSince !== null ? m.now - t.blockedSince : 0);
  const lines = [
    `${t.next} of ${total} memory accesses done; ${fmtNs(stall)} spent waiting for memory so far (${t.blockedAccesses} blocked access${t.blockedAccesses === 1 ? '' : 'es'}).`,
  ];
  if (t.status === 'not-started')
    lines.push(
      m.config.mode === 'sync'
        ? 'Not started: a synchronous restore runs the application only after every page is loaded.'
        : 'Not started: the application starts once the kernel is restored.',
    );
  if (t.status === 'blocked' && w)
    lines.push(
      `Blocked on ${fmtBytes(w.pages * PAGE_SIZE)} at ${fmtBytes(w.memPage * PAGE_SIZE)} since ${fmtNs(w.since)}: ${fmtBytes(w.pending)} of it still to arrive. It wakes when that reaches zero.`,
    );
  if (t.status === 'running') lines.push('Running: its next access is computed, then it touches memory again.');
  if (t.status === 'done') lines.push(`Finished at ${fmtNs(t.finishedAt ?? 0)}.`);
  if (t.status === 'faulted')
    lines.push('Died of EIO: it touched memory that can never be loaded after the short read.');
  return { title: `Thread ${t.id}: ${t.status}`, lines };
}
