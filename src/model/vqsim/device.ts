/**
 * The device's side of the queue: waking on kicks, popping chains and serving them,
 * publishing used entries and deciding whether to interrupt; for rx, packets arriving
 * and landing in the buffers the driver posted.
 */
import { needEventWorking } from '../virtio/constants';
import { ring } from '../virtio/layout';
import { eventBody, type EventBody, type SimContext } from './context';
import { chainText, fnv32 } from './events';
import { nextArrivalDelay } from './workload';

export function onDeviceWake(ctx: SimContext): EventBody {
  const e = ctx.e;
  e.deviceWakeScheduled = false;
  const n = ctx.vq.kick.read();
  const rx = ctx.scenario.workload.kind === 'rx';
  if (rx) {
    // RX device: kicks only matter when it ran out of buffers; take waiting packets now.
    if (e.packetsWaiting > 0) ctx.sched.schedule(0, { a: 'packet' });
    return eventBody('device', 'device-wake', `Device woken by the kick eventfd (${n}): buffers are back.`, {
      count: n,
    });
  }
  e.device = 'polling';
  const nf = ctx.vq.device.setNotification(false);
  ctx.sched.schedule(ctx.scenario.device.popCost, { a: 'device-pop' });
  const coalesced = n > 1 ? ` — ${n} kicks coalesced into this one wake-up` : '';
  const how = nf.usedFlags !== null ? ' sets NO_NOTIFY' : ' stops moving avail_event';
  return eventBody(
    'device',
    'device-wake',
    `Device wakes: reads kick eventfd = ${n}${coalesced}; it${how} while it works through the ring.`,
    { count: n },
  );
}

export function onDevicePop(ctx: SimContext): EventBody {
  const e = ctx.e;
  const dev = ctx.vq.device;
  const popped = dev.pop();
  if (!popped) {
    dev.setNotification(true);
    if (dev.available() > 0) {
      dev.setNotification(false);
      ctx.sched.schedule(ctx.scenario.device.popCost, { a: 'device-pop' });
      return eventBody(
        'device',
        'device-idle',
        'Ring empty, notifications back on — but a chain arrived meanwhile, so the device keeps polling (the re-check that closes the race).',
        { race: true },
      );
    }
    e.device = 'sleeping';
    if (ctx.vq.kick.pending && !e.deviceWakeScheduled) {
      e.deviceWakeScheduled = true;
      ctx.sched.schedule(0, { a: 'device-wake' });
    }
    const ae = ctx.config.features.eventIdx
      ? `avail_event=${ctx.vq.mem.readU16(ring.availEvent(ctx.vq.layout))}`
      : 'NO_NOTIFY cleared';
    return eventBody(
      'device',
      'device-idle',
      `Available ring empty: the device turns notifications back on (${ae}) and sleeps until kicked.`,
      { race: false },
    );
  }
  const c = popped.chain;
  e.chains[c.head] = c;
  e.inService++;
  const reqId = ctx.vq.driver.s.token[c.head];
  const mean = ctx.scenario.device.serviceMean;
  const service = ctx.scenario.device.serviceDist === 'exp' ? Math.max(1, Math.round(ctx.rngDevice.exp(mean))) : mean;
  ctx.sched.schedule(service, { a: 'device-done', head: c.head, reqId });
  if (e.inService < ctx.scenario.device.parallelism)
    ctx.sched.schedule(ctx.scenario.device.popCost, { a: 'device-pop' });
  else e.device = 'saturated';
  const descs = c.indirect
    ? `${c.head} → indirect [${c.descriptors
        .slice(1)
        .map((d) => d.index)
        .join('→')}]`
    : chainText(c.descriptors.map((d) => d.index));
  const ae = popped.availEvent !== null ? `; avail_event=${popped.availEvent}` : '';
  const sat =
    e.device === 'saturated' ? ` The device is now busy with ${e.inService} chains and stops taking more.` : '';
  return eventBody(
    'device',
    'pop',
    `Device pops head ${c.head} from avail.ring[${popped.availSlot}]: chain ${descs} (${c.readableBytes} bytes to read, ${c.writableBytes} to write); last_avail ${popped.lastAvail.from}→${popped.lastAvail.to}${ae}.${sat}`,
    {
      head: c.head,
      availSlot: popped.availSlot,
      lastAvail: popped.lastAvail,
      descriptors: c.descriptors.map((d) => d.index),
      indirect: c.indirect,
      readable: c.readableBytes,
      writable: c.writableBytes,
      service,
    },
  );
}

export function onDeviceDone(ctx: SimContext, head: number, reqId: number): EventBody {
  const e = ctx.e;
  const dev = ctx.vq.device;
  const c = e.chains[head];
  delete e.chains[head];
  e.inService--;
  let len = 0;
  if (c) {
    // The device's job: checksum what it read, fill the writable buffers, last byte = status 0 (OK).
    const input = dev.readFromChain(c);
    const sum = fnv32(input);
    if (c.writableBytes > 0) {
      const out = new Uint8Array(c.writableBytes).fill(sum & 0xff);
      out[out.length - 1] = 0;
      len = dev.writeToChain(c, out);
    }
  }
  const { usedSlot } = dev.fill(head, len);
  e.unflushed++;
  if ((e.unflushed >= ctx.scenario.device.flushBatch || e.inService === 0) && !e.flushScheduled) {
    e.flushScheduled = true;
    ctx.sched.schedule(0, { a: 'flush' });
  }
  if (e.device === 'saturated') {
    e.device = 'polling';
    ctx.sched.schedule(ctx.scenario.device.popCost, { a: 'device-pop' });
  }
  return eventBody(
    'device',
    'complete',
    `Device finishes request #${reqId} (head ${head}): writes ${len} bytes and fills used.ring[${usedSlot}] = {id ${head}, len ${len}} — not visible to the driver until used.idx moves.`,
    { head, id: reqId, len, usedSlot },
  );
}

export function onFlush(ctx: SimContext): EventBody {
  const e = ctx.e;
  const dev = ctx.vq.device;
  e.flushScheduled = false;
  const f = dev.flush();
  e.unflushed = 0;
  const d = dev.shouldInterrupt();
  let tail: string;
  if (d.interrupt) {
    const woke = ctx.vq.call.write();
    if (e.driver === 'idle' && !e.driverWakeScheduled) {
      e.driverWakeScheduled = true;
      ctx.sched.schedule(ctx.scenario.latency.interrupt, { a: 'driver-wake' });
    }
    tail = `interrupt sent (${d.usedEvent !== null ? `used_event=${needEventWorking(d.usedEvent, d.newIdx, d.oldIdx)}` : 'NO_INTERRUPT is clear'})${woke ? '' : ', coalescing with one not yet read'}.`;
  } else {
    ctx.vq.call.suppress();
    tail = `interrupt suppressed (${d.usedEvent !== null ? `used_event=${needEventWorking(d.usedEvent, d.newIdx, d.oldIdx)}` : 'the driver set NO_INTERRUPT'}).`;
  }
  return eventBody(
    'device',
    'flush',
    `Device publishes ${f.count} used entr${f.count === 1 ? 'y' : 'ies'}: used.idx ${f.usedIdx.from}→${f.usedIdx.to}; ${tail}`,
    { count: f.count, usedIdx: f.usedIdx, ...d },
  );
}

export function onPacket(ctx: SimContext): EventBody {
  const e = ctx.e;
  const dev = ctx.vq.device;
  if (e.generated >= ctx.config.requests && e.packetsWaiting === 0) {
    return eventBody('device', 'device-idle', 'No more packets.', {});
  }
  if (e.packetsWaiting === 0) {
    e.generated++;
    e.packetsWaiting++;
    if (e.generated < ctx.config.requests) ctx.sched.schedule(nextArrivalDelay(ctx), { a: 'packet' });
  }
  const popped = dev.pop();
  if (!popped) {
    dev.setNotification(true);
    return eventBody(
      'device',
      'device-idle',
      `A packet arrives but the driver has posted no empty buffer: it waits (${e.packetsWaiting} waiting); the device asks to be kicked when buffers come back.`,
      { waiting: e.packetsWaiting },
    );
  }
  e.packetsWaiting--;
  dev.setNotification(false);
  const c = popped.chain;
  const size = ctx.rngDevice.int(60, Math.max(60, Math.min(1500, c.writableBytes)));
  const pkt = new Uint8Array(Math.min(size, c.writableBytes)).fill(e.generated & 0xff);
  const len = dev.writeToChain(c, pkt);
  dev.fill(c.head, len);
  e.unflushed++;
  if (!e.flushScheduled) {
    e.flushScheduled = true;
    ctx.sched.schedule(ctx.scenario.device.serviceMean, { a: 'flush' });
  }
  if (e.packetsWaiting > 0) ctx.sched.schedule(ctx.scenario.device.popCost, { a: 'packet' });
  return eventBody(
    'device',
    'pop',
    `A ${len}-byte packet arrives: the device pops buffer ${c.head} from avail.ring[${popped.availSlot}], writes the packet into it and fills a used entry; last_avail ${popped.lastAvail.from}→${popped.lastAvail.to}.`,
    {
      head: c.head,
      len,
      availSlot: popped.availSlot,
      lastAvail: popped.lastAvail,
      descriptors: c.descriptors.map((d) => d.index),
      writable: c.writableBytes,
      readable: 0,
    },
  );
}
