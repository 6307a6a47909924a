/**
 * The model's driver running a scenario's requests against a device behind a DevicePort,
 * in batches: add a batch, decide whether to kick, then wait for interrupts and reclaim
 * until the whole batch is back. After each batch the queue is quiescent (nothing in
 * flight on either side), which is where model and real memory are compared byte for byte.
 * Events are the driver's own view, in the trace format: its own writes, and in front of
 * them what the device (model, native thread or another process) had written to the used
 * ring by then (device-writes.ts), so a trace of any run replays with the used ring moving.
 */
import { Prng } from '../sim/prng';
import type { AddResult } from '../virtio/driver';
import type { Virtqueue } from '../virtio/queue';
import { RingError, type RingErrorInfo } from '../virtio/errors';
import { chainText, fnv32, toHex, type EventKind, type MemoryWrite, type SimEvent } from '../vqsim/events';
import { findScenario, type Scenario } from '../vqsim/scenarios';
import { withDeviceWrites } from './device-writes';
import { DeviceFailedError, DeviceTimeoutError, QueueClosedError, type DevicePort, type DeviceSideStats } from './port';

/** Request #id as bytes: device-readable buffers and device-writable sizes (e.g. virtio-blk). */
export type RequestSource = (id: number) => { out: Uint8Array[]; inSizes: number[] };

export interface BatchRunOptions {
  /** A vqsim scenario: its workload draws the requests. Optional when `source` is given. */
  scenario?: string;
  /** Requests from here instead of the scenario's random sizes (then `requests` says how many). */
  source?: RequestSource;
  seed: number;
  requests?: number;
  /** Requests per batch (default: the scenario's driver batch). */
  batch?: number;
  /** How long to wait for an interrupt before failing the batch (default 2000 ms). */
  timeoutMs?: number;
  /** Called with each event as it happens (live streaming of a real session). */
  onEvent?: (e: SimEvent) => void;
  /** Awaited at each quiescent point (pacing a live session); returning false stops the run. */
  afterBatch?: (batch: number) => Promise<boolean | void>;
}

export interface Quiescent {
  batch: number;
  /** Index into events after which the queue was quiescent. */
  afterEvent: number;
  /** Guest memory at that moment. */
  image: Uint8Array;
  /** Used entries of this batch in the order the device returned them: [head, len]. */
  used: [number, number][];
}

export interface BatchRunResult {
  deviceName: string;
  events: SimEvent[];
  quiescent: Quiescent[];
  completed: number;
  kicks: { sent: number; suppressed: number };
  interrupts: { wakeups: number; signals: number };
  /** The device's own counts at the end of the run. */
  device: DeviceSideStats | null;
  error:
    | (RingErrorInfo & { fatal: boolean })
    | { kind: 'DeviceTimeout' | 'DeviceFailed' | 'QueueClosed'; message: string }
    | null;
}

export async function runBatches(vq: Virtqueue, port: DevicePort, opts: BatchRunOptions): Promise<BatchRunResult> {
  const scenario: Scenario | undefined = opts.scenario === undefined ? undefined : findScenario(opts.scenario);
  if (opts.scenario !== undefined && !scenario) throw new RangeError(`unknown scenario "${opts.scenario}"`);
  if (!scenario && !opts.source) throw new RangeError('runBatches needs a scenario or a request source');
  const total = opts.requests ?? scenario?.workload.count ?? 0;
  const batchSize = Math.max(1, opts.batch ?? scenario?.driver.batch ?? 1);
  const timeoutMs = opts.timeoutMs ?? 2000;
  const rng = Prng.stream(opts.seed, 'workload');
  const { driver, mem, buffers } = vq;
  const events: SimEvent[] = [];
  const quiescent: Quiescent[] = [];
  const res: BatchRunResult = {
    deviceName: port.name,
    device: null,
    events,
    quiescent,
    completed: 0,
    kicks: { sent: 0, suppressed: 0 },
    interrupts: { wakeups: 0, signals: 0 },
    error: null,
  };
  let writes: MemoryWrite[] = [];
  const saved = mem.observer;
  mem.observer = (gpa, bytes) =>
    writes.push(gpa < vq.map.buffers.base ? [gpa, toHex(bytes)] : [gpa, bytes.length, fnv32(bytes)]);
  const seenOfDevice = withDeviceWrites(vq);
  const emit = (kind: EventKind, text: string, data: Record<string, unknown>) => {
    const e = seenOfDevice({
      step: events.length,
      time: port.now(),
      actor: 'driver',
      kind,
      text,
      data,
      writes,
      inFlight: driver.s.inFlight,
      free: driver.s.numFree,
    });
    events.push(e);
    writes = [];
    opts.onEvent?.(e);
  };
  const live = new Map<number, number[]>(); // request id → buffer addresses
  let nextId = 0;
  /** A drawn request: sizes from the workload stream, buffers allocated and filled. */
  interface Req {
    id: number;
    out: { addr: number; len: number }[];
    inb: { addr: number; len: number }[];
    addrs: number[];
  }
  let carried: Req | null = null;
  const drawRequest = (id: number): Req => {
    const given = opts.source ? opts.source(id) : null;
    const outSizes = given ? given.out.map((b) => b.length) : scenario!.workload.out.map(([lo, hi]) => rng.int(lo, hi));
    const inSizes = given ? given.inSizes : scenario!.workload.in.map(([lo, hi]) => rng.int(lo, hi));
    const addrs: number[] = [];
    const take = (len: number) => {
      const a = buffers.alloc(len);
      if (a === null) throw new RangeError(`no room in guest memory for request #${id}'s ${len}-byte buffer`);
      addrs.push(a);
      return { addr: a, len };
    };
    const out = outSizes.map(take);
    const inb = inSizes.map(take);
    // payload before publication: a real device may read it the moment the chain is visible
    for (let k = 0; k < out.length; k++) {
      if (given) mem.writeBytes(out[k].addr, given.out[k]);
      else mem.fill(out[k].addr, out[k].len, id & 0xff);
    }
    for (const i of inb) mem.fill(i.addr, i.len, 0);
    return { id, out, inb, addrs };
  };
  try {
    for (let b = 0; nextId < total || carried !== null; b++) {
      const used: [number, number][] = [];
      // 1. add a batch; a request that does not fit the free list waits for the next batch
      let added = 0;
      while (added < batchSize && (carried !== null || nextId < total)) {
        const req: Req = carried ?? drawRequest(nextId++);
        carried = null;
        let r: AddResult;
        try {
          r = driver.add(req.out, req.inb, req.id);
        } catch (e) {
          if (e instanceof RingError && e.kind === 'NotEnoughFreeDescriptors' && added > 0) {
            carried = req;
            break;
          }
          throw e;
        }
        live.set(req.id, req.addrs);
        added++;
        emit(
          'add',
          `Driver added chain ${r.indirect ? `${r.head} (indirect)` : chainText(r.descriptors)} for request #${req.id}; avail.idx ${r.availIdx.from}→${r.availIdx.to}.`,
          {
            id: req.id,
            head: r.head,
            descriptors: r.descriptors,
            slot: r.slot,
            availIdx: r.availIdx,
            indirect: r.indirect,
          },
        );
      }
      // 2. kick decision
      const k = driver.kickPrepare();
      if (k.kick) {
        port.kick();
        res.kicks.sent++;
        emit('kick', `Driver kicks ${port.name}${k.availEvent !== null ? ` (avail_event=${k.availEvent})` : ''}.`, {
          ...k,
        });
      } else {
        res.kicks.suppressed++;
        emit(
          'kick-suppressed',
          `Kick suppressed${k.availEvent !== null ? `: avail_event=${k.availEvent} outside (${k.oldIdx}, ${k.newIdx}]` : ': NO_NOTIFY'}.`,
          { ...k },
        );
      }
      // 3. wait for interrupts and reclaim the whole batch
      let outstanding = added;
      driver.enableCallbacks();
      while (outstanding > 0) {
        if (!driver.moreUsed()) {
          let count: number;
          try {
            count = await port.waitForCall(timeoutMs);
          } catch (e) {
            const de = port.deviceError();
            if (de) throw new DeviceFailedError(port.name, de.code, de.message, outstanding);
            if (e instanceof DeviceTimeoutError) throw new DeviceTimeoutError(e.device, e.waitedMs, outstanding);
            if (e instanceof QueueClosedError) throw new QueueClosedError(e.device, outstanding);
            throw e;
          }
          res.interrupts.wakeups++;
          res.interrupts.signals += count;
          driver.disableCallbacks();
          emit('driver-wake', `Interrupt from ${port.name}: call eventfd = ${count}.`, { count });
        }
        for (let u = driver.getUsed(); u; u = driver.getUsed()) {
          outstanding--;
          res.completed++;
          used.push([u.head, u.len]);
          for (const a of live.get(u.token) ?? []) buffers.release(a);
          live.delete(u.token);
          emit(
            'reclaim',
            `Driver reclaims chain ${chainText(u.descriptors)} (len ${u.len}), request #${u.token} done.`,
            {
              id: u.token,
              head: u.head,
              len: u.len,
              descriptors: u.descriptors,
              usedSlot: u.usedSlot,
              lastUsed: u.lastUsed,
            },
          );
        }
        if (outstanding > 0 && driver.enableCallbacks() === false) continue;
      }
      quiescent.push({ batch: b, afterEvent: events.length - 1, image: mem.image(), used });
      if (opts.afterBatch && (await opts.afterBatch(b)) === false) break;
    }
  } catch (e) {
    if (e instanceof RingError) res.error = e.toInfo();
    else if (e instanceof DeviceTimeoutError || e instanceof DeviceFailedError || e instanceof QueueClosedError)
      res.error = { kind: e.kind, message: e.message };
    else throw e;
    emit('error', `Run stopped: ${res.error.message}`, { kind: res.error.kind, message: res.error.message });
  } finally {
    mem.observer = saved;
    res.device = port.deviceStats();
  }
  return res;
}
