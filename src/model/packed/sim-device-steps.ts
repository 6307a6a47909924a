/**
 * The device's steps in a packed-ring run: waking on a kick, popping available buffers until it turns
 * notifications back on and sleeps, completing held buffers (in order or not, from the device's own
 * random stream), flushing completions as used descriptors, and the interrupt decision after a flush.
 * Each returns the event it makes.
 */
import { eventFlagName } from './constants';
import type { EventBody, EventValue } from './sim-events';
import type { SimRun } from './sim-state';
import { decodeOffWrap } from './wrap';

export function deviceWake(run: SimRun): EventBody {
  run.q.kick.read();
  run.st.deviceAwake = true;
  run.q.device.setNotification(false);
  return {
    actor: 'device',
    kind: 'device-wake',
    text: 'device wakes on the kick and turns notifications off (device event flags DISABLE) while it reads',
    data: {},
  };
}

export function devicePop(run: SimRun): EventBody {
  const dev = run.q.device;
  if (dev.isEmpty()) {
    if (!dev.s.notification) {
      const n = dev.setNotification(true);
      const where =
        n.offWrap !== null ? ` at slot ${decodeOffWrap(n.offWrap).off} wrap ${decodeOffWrap(n.offWrap).wrap}` : '';
      return {
        actor: 'device',
        kind: 'device-rearm',
        text: `device finds slot ${dev.s.lastAvail} not available (wrap counter ${dev.s.lastAvailWrap}), turns notifications back on (${eventFlagName(n.flags)}${where}) and looks once more`,
        data: { slot: dev.s.lastAvail, wrap: dev.s.lastAvailWrap, flags: n.flags, offWrap: n.offWrap ?? -1 },
      };
    }
    run.st.deviceAwake = false;
    return {
      actor: 'device',
      kind: 'device-sleep',
      text: `device finds slot ${dev.s.lastAvail} still not available and sleeps until the next kick`,
      data: { slot: dev.s.lastAvail, wrap: dev.s.lastAvailWrap },
    };
  }
  if (dev.s.notification) dev.setNotification(false);
  const p = dev.pop();
  if (!p) throw new Error('packed sim: the device saw a descriptor and then none');
  const c = p.chain;
  run.st.held.push({ id: c.id, writable: c.writable, writableBytes: c.writableBytes });
  const shape =
    c.indirect !== null
      ? `one INDIRECT descriptor whose table of ${c.indirect.count} it walked`
      : `${c.ndescs} descriptor${c.ndescs === 1 ? '' : 's'}`;
  const flipped =
    p.availWrap.from !== p.availWrap.to ? `; it passed the end, so its wrap counter is now ${p.availWrap.to}` : '';
  return {
    actor: 'device',
    kind: 'pop',
    text: `device read buffer ${c.id} at slot ${p.slot} (wrap counter ${p.wrap}), flags first and then addr/len/id: ${shape}, ${c.readable.length} readable and ${c.writable.length} writable; its avail position moves ${p.lastAvail.from}→${p.lastAvail.to}${flipped}`,
    data: {
      id: c.id,
      slot: p.slot,
      wrap: p.wrap,
      ndescs: c.ndescs,
      readable: c.readable.length,
      writable: c.writable.length,
      writableBytes: c.writableBytes,
      indirect: c.indirect !== null,
      lastAvailFrom: p.lastAvail.from,
      lastAvailTo: p.lastAvail.to,
      availWrapFrom: p.availWrap.from,
      availWrapTo: p.availWrap.to,
    },
  };
}

export function deviceComplete(run: SimRun): EventBody {
  const st = run.st;
  const dev = run.q.device;
  const k = run.rng.bool(run.config.outOfOrder) ? run.rng.int(0, st.held.length - 1) : 0;
  const [h] = st.held.splice(k, 1);
  const len = run.rng.int(0, h.writableBytes);
  // the device's answer: a pattern that names the buffer, so a memory image shows whose bytes are where
  let off = 0;
  for (const b of h.writable) {
    if (off >= len) break;
    const n = Math.min(b.len, len - off);
    const data = new Uint8Array(n);
    for (let j = 0; j < n; j++) data[j] = (h.id + off + j) & 0xff;
    run.q.mem.writeBytes(b.addr, data);
    off += n;
  }
  const f = dev.fill(h.id, len);
  const early = k > 0 ? `, before ${k} buffer${k === 1 ? '' : 's'} it read earlier (out of order)` : '';
  return {
    actor: 'device',
    kind: 'complete',
    text: `device completed buffer ${h.id} (${len} bytes written)${early}; its used descriptor will go at slot ${f.slot} (wrap counter ${f.wrap}) at the next flush`,
    data: { id: h.id, len, slot: f.slot, wrap: f.wrap, outOfOrder: k > 0 },
  };
}

export function deviceFlush(run: SimRun): EventBody {
  const f = run.q.device.flush();
  run.st.decisionDue = true;
  const ordered = [...f.written.slice(-1), ...f.written.slice(0, -1)];
  const list = ordered.map((w) => `buffer ${w.id} at slot ${w.slot} (wrap ${w.wrap})`).join(', ');
  const batch =
    f.written.length > 1 ? "; the first one's flags were written last, so the driver sees the batch at once" : '';
  const flipped = f.usedWrap.from !== f.usedWrap.to ? `, passing the end (used wrap counter now ${f.usedWrap.to})` : '';
  return {
    actor: 'device',
    kind: 'flush',
    text: `device wrote ${f.written.length} used descriptor${f.written.length === 1 ? '' : 's'}: ${list}${batch}; its used position moves ${f.usedIdx.from}→${f.usedIdx.to}${flipped}`,
    data: {
      ids: ordered.map((w) => w.id),
      slots: ordered.map((w) => w.slot),
      lens: ordered.map((w) => w.len),
      usedFrom: f.usedIdx.from,
      usedTo: f.usedIdx.to,
      usedWrapFrom: f.usedWrap.from,
      usedWrapTo: f.usedWrap.to,
    },
  };
}

export function deviceInterrupt(run: SimRun): EventBody {
  run.st.decisionDue = false;
  const d = run.q.device.shouldInterrupt();
  const data: Record<string, EventValue> = {
    interrupt: d.interrupt,
    flags: d.flags,
    offWrap: d.offWrap,
    oldIdx: d.oldIdx,
    newIdx: d.newIdx,
    usedWrap: d.usedWrap,
  };
  let why: string;
  if (d.flags === 2) {
    const ev = decodeOffWrap(d.offWrap);
    why = !d.signalledValid
      ? `the driver asked for slot ${ev.off} wrap ${ev.wrap}, but this is the first decision since the used position wrapped, so the device interrupts anyway`
      : `the driver asked to be interrupted at slot ${ev.off} wrap ${ev.wrap}, which ${d.interrupt ? 'lies' : 'does not lie'} in the used slots just written (${d.oldIdx}..${d.newIdx}, used wrap counter ${d.usedWrap})`;
  } else {
    why = `the driver event flags are ${eventFlagName(d.flags)}`;
  }
  if (d.interrupt) {
    run.q.call.write();
    return { actor: 'device', kind: 'interrupt', text: `device interrupts the driver: ${why}`, data };
  }
  run.q.call.suppress();
  return { actor: 'device', kind: 'interrupt-suppressed', text: `device does not interrupt: ${why}`, data };
}
