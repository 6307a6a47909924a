/**
 * The driver's side of the queue: requests arriving into its backlog, adding them to the
 * ring, deciding whether to kick, and reclaiming (or, for nebula rx, recycling) what the
 * device returns. Each handler runs one scheduled step and describes it.
 */
import type { BufferRef } from '../virtio/chain';
import type { AddResult } from '../virtio/driver';
import { RingError } from '../virtio/errors';
import { needEventWorking } from '../virtio/constants';
import { ring } from '../virtio/layout';
import { eventBody, type EventBody, type Pending, type SimContext } from './context';
import { chainText } from './events';
import { newPending, nextArrivalDelay } from './workload';

export function onArrive(ctx: SimContext): EventBody {
  const p = newPending(ctx, ctx.sched.now);
  ctx.e.generated++;
  ctx.e.backlog.push(p);
  if (ctx.e.generated < ctx.config.requests) ctx.sched.schedule(nextArrivalDelay(ctx), { a: 'arrive' });
  startSubmitting(ctx);
  const bytes = [...p.outSizes, ...p.inSizes].reduce((x, y) => x + y, 0);
  return eventBody(
    'workload',
    'arrive',
    `Request #${p.id} arrives (${p.outSizes.length} out, ${p.inSizes.length} in, ${bytes} bytes); ${ctx.e.backlog.length} waiting to be added.`,
    { id: p.id, out: p.outSizes, in: p.inSizes },
  );
}

/** Start the add loop unless it is running, waiting for room, out of work, or the queue is broken. */
export function startSubmitting(ctx: SimContext): void {
  if (!ctx.e.submitting && !ctx.e.blocked && ctx.e.backlog.length > 0 && !ctx.e.broken) {
    ctx.e.submitting = true;
    ctx.sched.schedule(0, { a: 'submit' });
  }
}

function allocBuffers(ctx: SimContext, p: Pending): { out: BufferRef[]; inb: BufferRef[]; addrs: number[] } | null {
  const addrs: number[] = [];
  const take = (len: number): BufferRef | null => {
    const addr = ctx.vq.buffers.alloc(len, 16);
    if (addr === null) return null;
    addrs.push(addr);
    return { addr, len };
  };
  const out: BufferRef[] = [];
  const inb: BufferRef[] = [];
  for (const n of p.outSizes) {
    const b = take(n);
    if (!b) return releaseAll(ctx, addrs);
    out.push(b);
  }
  for (const n of p.inSizes) {
    const b = take(n);
    if (!b) return releaseAll(ctx, addrs);
    inb.push(b);
  }
  return { out, inb, addrs };
}

function releaseAll(ctx: SimContext, addrs: number[]): null {
  for (const a of addrs) ctx.vq.buffers.release(a);
  return null;
}

export function onSubmit(ctx: SimContext): EventBody {
  const e = ctx.e;
  const p = e.backlog[0];
  const drv = ctx.vq.driver;
  const bufs = p ? allocBuffers(ctx, p) : null;
  let r: AddResult | null = null;
  let why = 'nothing to add';
  if (p && bufs) {
    // The payload goes in before the chain is published: a real device may read it at once.
    // A recognisable pattern (the request id) so dumps show whose bytes are where.
    for (const b of bufs.out) ctx.vq.mem.fill(b.addr, b.len, p.id & 0xff);
    try {
      r = drv.add(bufs.out, bufs.inb, p.id);
    } catch (err) {
      if (err instanceof RingError && err.kind === 'ChainTooLong') {
        // This request can never fit this queue: refuse it alone and go on with the rest.
        e.backlog.shift();
        releaseAll(ctx, bufs.addrs);
        continueSubmitting(ctx);
        return eventBody(
          'driver',
          'reject',
          `Request #${p.id} is refused: ${err.message}. ${err.explanation} The queue itself is fine; the next request goes ahead.`,
          { id: p.id, kind: err.kind, message: err.message },
        );
      }
      // Not enough free descriptors is not an error: the request waits for reclaims.
      if (!(err instanceof RingError) || err.kind !== 'NotEnoughFreeDescriptors') throw err;
      why = err.message.replace(/^need/, 'needs');
    }
  } else if (p) {
    if (ctx.vq.buffers.inUse === 0) {
      // Not even empty memory holds it: waiting would be forever.
      e.backlog.shift();
      continueSubmitting(ctx);
      return eventBody(
        'driver',
        'reject',
        `Request #${p.id} is refused: its buffers do not fit in the ${ctx.vq.map.buffers.size}-byte buffer area of guest memory even when it is empty.`,
        { id: p.id, kind: 'InvalidBuffer' },
      );
    }
    why = 'no room for its buffers in guest memory';
  }
  if (!p || !bufs || !r) {
    if (bufs) releaseAll(ctx, bufs.addrs);
    e.blocked = p !== undefined;
    if (e.addedSinceKick > 0) ctx.sched.schedule(0, { a: 'kick-check', from: 'submit' });
    else e.submitting = false;
    return eventBody(
      'driver',
      'add-wait',
      `Request #${p?.id} must wait: ${why}. The driver adds it when the device returns chains.`,
      { id: p?.id, numFree: drv.s.numFree },
    );
  }
  e.backlog.shift();
  e.live[p.id] = { id: p.id, arrivedAt: p.arrivedAt, addedAt: ctx.sched.now, buffers: bufs.addrs };
  e.addedSinceKick++;
  continueSubmitting(ctx, ctx.scenario.driver.addCost);
  const chain = r.indirect
    ? `${r.head} (indirect table of ${r.indirect.count} at 0x${r.indirect.addr.toString(16)})`
    : chainText(r.descriptors);
  return eventBody(
    'driver',
    'add',
    `Driver added chain ${chain} for request #${p.id} (${r.outCount} out, ${r.inCount} in) in avail.ring[${r.slot}]; avail.idx ${r.availIdx.from}→${r.availIdx.to}.`,
    {
      id: p.id,
      head: r.head,
      descriptors: r.descriptors,
      indirect: r.indirect,
      out: r.outCount,
      in: r.inCount,
      slot: r.slot,
      availIdx: r.availIdx,
    },
  );
}

/** After one add (or refusal): add the next request, or decide about a kick for what was added. */
function continueSubmitting(ctx: SimContext, delay = 0): void {
  const e = ctx.e;
  if (e.backlog.length > 0 && e.addedSinceKick < ctx.scenario.driver.batch) ctx.sched.schedule(delay, { a: 'submit' });
  else if (e.addedSinceKick > 0) ctx.sched.schedule(delay, { a: 'kick-check', from: 'submit' });
  else e.submitting = false;
}

export function onKickCheck(ctx: SimContext, from: 'submit' | 'reclaim'): EventBody {
  const e = ctx.e;
  const k = ctx.vq.driver.kickPrepare();
  e.addedSinceKick = 0;
  if (from === 'submit') {
    e.submitting = false;
    startSubmitting(ctx);
  }
  if (!k.kick) {
    ctx.vq.kick.suppress();
    const why =
      k.availEvent !== null
        ? `avail_event=${needEventWorking(k.availEvent, k.newIdx, k.oldIdx)}`
        : 'the device set NO_NOTIFY (it is polling)';
    return eventBody('driver', 'kick-suppressed', `Kick suppressed: ${why}.`, { ...k });
  }
  const woke = ctx.vq.kick.write();
  if (e.device === 'sleeping' && !e.deviceWakeScheduled) {
    e.deviceWakeScheduled = true;
    ctx.sched.schedule(ctx.scenario.latency.kick, { a: 'device-wake' });
  }
  const why =
    k.availEvent !== null ? `avail_event=${needEventWorking(k.availEvent, k.newIdx, k.oldIdx)}` : 'NO_NOTIFY is clear';
  const co = woke
    ? ''
    : ` The kick eventfd already held ${ctx.vq.kick.s.counter - 1}: this kick coalesces into the same wake-up.`;
  return eventBody(
    'driver',
    'kick',
    `Driver kicks the device (${why}); kick eventfd = ${ctx.vq.kick.s.counter}.${co}`,
    { ...k, counter: ctx.vq.kick.s.counter, coalesced: !woke },
  );
}

export function onDriverWake(ctx: SimContext): EventBody {
  const e = ctx.e;
  e.driverWakeScheduled = false;
  const n = ctx.vq.call.read();
  e.driver = 'reclaiming';
  ctx.vq.driver.disableCallbacks();
  ctx.sched.schedule(0, { a: 'reclaim' });
  return eventBody(
    'driver',
    'driver-wake',
    `Interrupt: the driver reads the call eventfd (${n}${n > 1 ? ', coalesced' : ''}) and turns callbacks off while it reclaims.`,
    { count: n },
  );
}

export function onReclaim(ctx: SimContext): EventBody {
  const e = ctx.e;
  const drv = ctx.vq.driver;
  const rx = ctx.scenario.workload.kind === 'rx';
  const keep = rx && ctx.scenario.workload.rxReturn === 'recycle';
  const u = drv.getUsed(keep);
  if (!u) {
    const delayed = ctx.scenario.driver.callbacks === 'delayed';
    const quiet = delayed ? drv.enableCallbacksDelayed() : drv.enableCallbacks();
    if (!quiet) {
      ctx.sched.schedule(0, { a: 'reclaim' });
      drv.disableCallbacks();
      return eventBody(
        'driver',
        'driver-idle',
        'Used entries arrived while callbacks were being re-enabled: the driver keeps reclaiming instead of sleeping through them.',
        { race: true },
      );
    }
    e.driver = 'idle';
    // Chains recycled during this reclaim pass are published: decide whether to kick for them.
    if (ctx.vq.driver.s.numAdded > 0 && !e.submitting) ctx.sched.schedule(0, { a: 'kick-check', from: 'reclaim' });
    if (ctx.vq.call.pending && !e.driverWakeScheduled) {
      e.driverWakeScheduled = true;
      ctx.sched.schedule(0, { a: 'driver-wake' });
    }
    startSubmitting(ctx);
    const ue = ctx.config.features.eventIdx
      ? ` used_event=${ctx.vq.mem.readU16(ring.usedEvent(ctx.vq.layout))}.`
      : ' NO_INTERRUPT cleared.';
    return eventBody(
      'driver',
      'driver-idle',
      `Nothing more to reclaim: callbacks back on${delayed ? ' (delayed: interrupt after 3/4 of what is in flight)' : ''};${ue}`,
      { race: false },
    );
  }
  const live = e.live[u.token];
  delete e.live[u.token];
  e.completed++;
  if (live && !keep) for (const a of live.buffers) ctx.vq.buffers.release(a);
  const latency = live ? ctx.sched.now - live.arrivedAt : null;
  if (keep) {
    ctx.sched.schedule(ctx.scenario.driver.reclaimCost, { a: 'recycle', head: u.head });
  } else {
    ctx.sched.schedule(ctx.scenario.driver.reclaimCost, { a: 'reclaim' });
    if (rx && e.generated < ctx.config.requests) {
      e.backlog.push(newPending(ctx, ctx.sched.now));
    }
  }
  if (e.blocked) {
    e.blocked = false;
    startSubmitting(ctx);
  }
  const what = keep
    ? 'keeps it to recycle'
    : `frees ${u.descriptors.length} descriptor${u.descriptors.length > 1 ? 's' : ''} (free_head=${drv.s.freeHead}, num_free=${drv.s.numFree})`;
  return eventBody(
    'driver',
    'reclaim',
    `Driver reclaims chain ${u.indirect ? `${u.head} (indirect)` : chainText(u.descriptors)} from used.ring[${u.usedSlot}] (len ${u.len}), request #${u.token} done${latency !== null ? ` in ${(latency / 1000).toFixed(1)} µs` : ''}; ${what}. last_used ${u.lastUsed.from}→${u.lastUsed.to}.`,
    {
      id: u.token,
      head: u.head,
      len: u.len,
      descriptors: u.descriptors,
      usedSlot: u.usedSlot,
      lastUsed: u.lastUsed,
      latency,
    },
  );
}

export function onRecycle(ctx: SimContext, head: number): EventBody {
  const r = ctx.vq.driver.recycle(head);
  const id = ctx.e.nextId++;
  ctx.vq.driver.s.token[head] = id;
  ctx.e.live[id] = { id, arrivedAt: ctx.sched.now, addedAt: ctx.sched.now, buffers: [] };
  ctx.sched.schedule(0, { a: 'reclaim' });
  return eventBody(
    'driver',
    'recycle',
    `Driver recycles chain ${head} straight back into avail.ring[${r.slot}] without freeing it (nebula RecycleDescriptorChains); avail.idx ${r.availIdx.from}→${r.availIdx.to}.`,
    { head, slot: r.slot, availIdx: r.availIdx },
  );
}
