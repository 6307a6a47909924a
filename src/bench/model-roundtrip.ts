/**
 * The model's request round trip — driver add → kick decision → device pop (chain walk
 * with every check) → device fill/flush → interrupt decision → driver reclaim — on one
 * queue in one thread, through the same GuestMemory abstraction the simulator uses. ns per
 * request for a given batch size. Each request is the chain the C ring loop builds too:
 * a 16-byte device-readable buffer and a 513-byte device-writable one, EVENT_IDX on.
 *
 * `explained` uses the calls that also describe what they did as objects (what the
 * simulator logs); the default uses the lean calls that do the same ring work without
 * allocating (what a device loop or the native bridge calls).
 */
import { createQueue } from '../model/virtio/queue';
import { collect, type Sampler, type Spread } from './stats';

export const REQUEST_OUT_BYTES = 16;
export const REQUEST_IN_BYTES = 513;

/** Builds the queue and warms the JIT; each `sample()` then runs `requestsPerSample` requests: ns per request. */
export function modelRoundTripSampler(
  queueSize: number,
  batch: number,
  requestsPerSample: number,
  explained = false,
): Sampler {
  const features = { eventIdx: true, indirect: false };
  const vq = createQueue({ queueSize, features });
  const outs = [{ addr: vq.buffers.alloc(REQUEST_OUT_BYTES)!, len: REQUEST_OUT_BYTES }];
  const ins = [{ addr: vq.buffers.alloc(REQUEST_IN_BYTES)!, len: REQUEST_IN_BYTES }];
  const { driver, device } = vq;
  const rounds = Math.max(1, Math.floor(requestsPerSample / batch));
  let sink = 0;
  const lean = () => {
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < batch; i++) driver.addBuffers(outs, ins, i);
      if (driver.needsKick()) sink++;
      for (let h = device.popHead(); h >= 0; h = device.popHead()) device.fillUsed(h, REQUEST_IN_BYTES);
      device.flushUsed();
      if (device.needsInterrupt()) sink++;
      while (driver.reclaim() >= 0) sink += driver.lastUsedLen;
    }
  };
  const verbose = () => {
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < batch; i++) driver.add(outs, ins, i);
      if (driver.kickPrepare().kick) sink++;
      for (let p = device.pop(); p !== null; p = device.pop()) device.fill(p.chain.head, REQUEST_IN_BYTES);
      device.flush();
      if (device.shouldInterrupt().interrupt) sink++;
      for (let u = driver.getUsed(); u !== null; u = driver.getUsed()) sink += u.len;
    }
  };
  const run = explained ? verbose : lean;
  run(); // warm up the JIT
  run();
  return {
    sample() {
      const t0 = process.hrtime.bigint();
      run();
      const ns = Number(process.hrtime.bigint() - t0) / (rounds * batch);
      if (sink < 0) throw new Error('unreachable'); // keeps the work observable
      return ns;
    },
  };
}

/** `samples` samples in a row (one contender alone; `npm run bench` interleaves the samplers instead). */
export function modelRoundTrip(
  queueSize: number,
  batch: number,
  requestsPerSample: number,
  samples: number,
  explained = false,
): Spread {
  return collect(modelRoundTripSampler(queueSize, batch, requestsPerSample, explained), samples);
}
