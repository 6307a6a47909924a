/**
 * The driver's steps in a packed-ring run: issuing a request (allocating its buffers and adding it, or
 * waiting for room, or refusing it), the kick decision after a batch, waking on an interrupt and
 * reclaiming used buffers until it turns callbacks back on and sleeps. Each returns the event it makes.
 */
import { eventFlagName } from './constants';
import type { BufferRef } from './driver';
import { PackedRingError } from './errors';
import type { EventBody, EventValue } from './sim-events';
import { ELEMENT_MAX, ELEMENT_MIN } from './sim-config';
import type { PendingRequest, SimRun } from './sim-state';
import { decodeOffWrap } from './wrap';

function newRequest(run: SimRun): PendingRequest {
  const r = run.workload;
  const qs = run.config.queueSize;
  const no = run.st.issued++;
  const every = run.config.wholeRingEvery;
  const total = every > 0 && no % every === every - 1 ? qs : r.int(1, run.config.maxElements);
  const outCount = r.int(total > 1 ? 1 : 0, total > 1 ? total - 1 : 1);
  const outLens: number[] = [];
  const inLens: number[] = [];
  for (let k = 0; k < total; k++) (k < outCount ? outLens : inLens).push(r.int(ELEMENT_MIN, ELEMENT_MAX));
  return { no, outLens, inLens };
}

export function driverAdd(run: SimRun): EventBody {
  const st = run.st;
  const drv = run.q.driver;
  if (st.batchLeft === 0) st.batchLeft = run.workload.int(1, run.config.batchMax);
  const req = st.next ?? newRequest(run);
  st.next = null;
  const addrs: number[] = [];
  const alloc = (lens: number[]): BufferRef[] | null => {
    const refs: BufferRef[] = [];
    for (const len of lens) {
      const at = run.q.buffers.alloc(len, 16);
      if (at === null) return null;
      addrs.push(at);
      refs.push({ addr: at, len });
    }
    return refs;
  };
  const out = alloc(req.outLens);
  const inb = out ? alloc(req.inLens) : null;
  const releaseAll = () => {
    for (const a of addrs) run.q.buffers.release(a);
  };
  const total = req.outLens.length + req.inLens.length;
  if (!out || !inb) {
    releaseAll();
    st.next = req;
    st.blocked = true;
    return {
      actor: 'driver',
      kind: 'add-wait',
      text: `driver has no buffer memory for request ${req.no} (${total} elements) and waits for the device to return buffers`,
      data: { request: req.no, elements: total },
    };
  }
  try {
    const r = drv.add(out, inb, req.no);
    st.batchLeft--;
    st.requestOf[r.id] = { no: req.no, addrs };
    const where =
      r.indirect !== null
        ? `as one INDIRECT descriptor pointing at a table of ${r.indirect.count} at 0x${r.indirect.addr.toString(16)}`
        : r.slots.length === 1
          ? 'in one descriptor'
          : `in ${r.slots.length} descriptors at slots ${r.slots.join('→')} linked by NEXT, the first one's flags written last`;
    const flipped =
      r.availWrap.from !== r.availWrap.to
        ? `; passing the end of the ring flipped its wrap counter to ${r.availWrap.to}`
        : '';
    return {
      actor: 'driver',
      kind: 'add',
      text: `driver made buffer ${r.id} (request ${req.no}) available at slot ${r.slot} (wrap counter ${r.wrap}) ${where}; next_avail ${r.nextAvail.from}→${r.nextAvail.to}${flipped}`,
      data: {
        request: req.no,
        id: r.id,
        slot: r.slot,
        wrap: r.wrap,
        slots: r.slots,
        ids: r.ids,
        flags: r.flags,
        readable: r.outCount,
        writable: r.inCount,
        indirect: r.indirect !== null,
        nextAvailFrom: r.nextAvail.from,
        nextAvailTo: r.nextAvail.to,
        availWrapFrom: r.availWrap.from,
        availWrapTo: r.availWrap.to,
      },
    };
  } catch (e) {
    releaseAll();
    if (!(e instanceof PackedRingError)) throw e;
    if (e.kind === 'NotEnoughFreeDescriptors') {
      st.next = req;
      st.blocked = true;
      return {
        actor: 'driver',
        kind: 'add-wait',
        text: `driver cannot add request ${req.no}: it needs ${total} free slots and ${drv.s.numFree} are free, so it waits for the device to return buffers`,
        data: { request: req.no, needed: total, free: drv.s.numFree },
      };
    }
    if (e.kind === 'ChainTooLong' || e.kind === 'InvalidBuffer') {
      st.rejected++;
      st.batchLeft = Math.max(0, st.batchLeft - 1);
      return {
        actor: 'driver',
        kind: 'reject',
        text: `driver refuses request ${req.no}: ${e.message}`,
        data: { request: req.no, elements: total },
        error: e.toInfo(),
      };
    }
    throw e;
  }
}

export function driverKick(run: SimRun): EventBody {
  const st = run.st;
  const k = run.q.driver.kickPrepare();
  st.batchLeft = 0;
  const data: Record<string, EventValue> = {
    kick: k.kick,
    flags: k.flags,
    oldIdx: k.oldIdx,
    newIdx: k.newIdx,
    availWrap: k.availWrap,
  };
  let why: string;
  if (k.offWrap !== null && k.eventIdx !== null) {
    const ev = decodeOffWrap(k.offWrap);
    data.offWrap = k.offWrap;
    data.eventIdx = k.eventIdx;
    const moved =
      ev.wrap !== k.availWrap
        ? ` (its wrap counter ${ev.wrap} is not the driver's ${k.availWrap}, so it counts as ${k.eventIdx - 65536 < -run.q.driver.qs ? k.eventIdx : k.eventIdx - 65536} in this lap)`
        : '';
    why = `the device asked to be kicked at slot ${ev.off} wrap ${ev.wrap}${moved}, which ${k.kick ? 'lies' : 'does not lie'} in the slots just made available (${k.oldIdx}..${k.newIdx})`;
  } else {
    why = `the device event flags are ${eventFlagName(k.flags)}`;
  }
  if (k.kick) {
    run.q.kick.write();
    return { actor: 'driver', kind: 'kick', text: `driver kicks the device: ${why}`, data };
  }
  run.q.kick.suppress();
  return { actor: 'driver', kind: 'kick-suppressed', text: `driver does not kick: ${why}`, data };
}

export function driverWake(run: SimRun): EventBody {
  run.q.call.read();
  run.st.driverAwake = true;
  run.q.driver.disableCallbacks();
  return {
    actor: 'driver',
    kind: 'driver-wake',
    text: 'driver wakes on the interrupt and turns callbacks off (driver event flags DISABLE) while it reclaims',
    data: {},
  };
}

export function driverReclaim(run: SimRun): EventBody {
  const st = run.st;
  const drv = run.q.driver;
  const u = drv.getUsed();
  if (u) {
    const req = st.requestOf[u.id];
    for (const a of req.addrs) run.q.buffers.release(a);
    delete st.requestOf[u.id];
    st.completed++;
    st.blocked = false;
    const flipped =
      u.usedWrap.from !== u.usedWrap.to ? `; passing the end flipped the used wrap counter to ${u.usedWrap.to}` : '';
    return {
      actor: 'driver',
      kind: 'reclaim',
      text: `driver reclaimed buffer ${u.id} (request ${req.no}) from slot ${u.slot} (wrap counter ${u.wrap}): ${u.len} bytes written; it had taken ${u.count} slot${u.count === 1 ? '' : 's'}, so last_used moves ${u.lastUsed.from}→${u.lastUsed.to}${flipped}`,
      data: {
        request: req.no,
        id: u.id,
        len: u.len,
        slot: u.slot,
        wrap: u.wrap,
        count: u.count,
        ids: u.ids,
        lastUsedFrom: u.lastUsed.from,
        lastUsedTo: u.lastUsed.to,
        usedWrapFrom: u.usedWrap.from,
        usedWrapTo: u.usedWrap.to,
      },
    };
  }
  if (drv.enableCallbacks()) {
    st.driverAwake = false;
    return {
      actor: 'driver',
      kind: 'driver-sleep',
      text: `driver finds slot ${drv.s.lastUsed} not used yet, turns callbacks back on (${eventFlagName(drv.s.eventFlagsShadow)}${run.q.driver.features.eventIdx ? ` at slot ${drv.s.lastUsed} wrap ${drv.s.usedWrap}` : ''}), looks once more, and sleeps`,
      data: { slot: drv.s.lastUsed, wrap: drv.s.usedWrap, flags: drv.s.eventFlagsShadow },
    };
  }
  drv.disableCallbacks();
  return {
    actor: 'driver',
    kind: 'driver-rearm',
    text: `driver turned callbacks back on, but slot ${drv.s.lastUsed} became used meanwhile, so it turns them off again and keeps reclaiming`,
    data: { slot: drv.s.lastUsed, wrap: drv.s.usedWrap },
  };
}
