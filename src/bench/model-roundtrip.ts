/**
 * The model's request round trip — driver add → device pop → device fill/flush → driver
 * reclaim — on one queue in one thread, through the same GuestMemory abstraction the
 * simulator uses (no event recording). ns per request for a given batch size.
 */
import { createQueue } from '../model/virtio/queue';
import { spread, type Spread } from './stats';

export function modelRoundTrip(queueSize: number, batch: number, requestsPerSample: number, samples: number, shared = false): Spread {
  const features = { eventIdx: true, indirect: false };
  const mem = shared ? undefined : undefined;
  const vq = createQueue({ queueSize, features }, mem);
  const out = { addr: vq.buffers.alloc(16)!, len: 16 };
  const inb = { addr: vq.buffers.alloc(513)!, len: 513 };
  const outs = [out];
  const ins = [inb];
  const { driver, device } = vq;
  const rounds = Math.max(1, Math.floor(requestsPerSample / batch));
  const run = () => {
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < batch; i++) driver.add(outs, ins, i);
      driver.kickPrepare();
      for (let i = 0; i < batch; i++) {
        const p = device.pop()!;
        device.fill(p.chain.head, 513);
      }
      device.flush();
      device.shouldInterrupt();
      while (driver.getUsed() !== null);
    }
  };
  run(); // warm up the JIT
  run();
  const perReq: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    run();
    const t1 = process.hrtime.bigint();
    perReq.push(Number(t1 - t0) / (rounds * batch));
  }
  return spread(perReq);
}
