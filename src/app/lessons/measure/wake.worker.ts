/**
 * One side of a cross-thread wake-up round trip, futex style: Atomics.wait blocks this thread
 * in the kernel until the other side's Atomics.notify wakes it — the same sleep and wake-up an
 * eventfd kick or a futex costs a device thread. The pinger times its rounds and reports
 * microseconds per round trip for each sample.
 */
interface Start {
  sab: SharedArrayBuffer;
  role: 'ping' | 'pong';
  samples: number;
  perSample: number;
}

self.onmessage = (ev: MessageEvent<Start>) => {
  const { sab, role, samples, perSample } = ev.data;
  const flag = new Int32Array(sab);
  const total = samples * perSample;
  if (role === 'pong') {
    for (let i = 0; i < total; i++) {
      while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0);
      Atomics.store(flag, 0, 0);
      Atomics.notify(flag, 0);
    }
    postMessage({ done: true });
    return;
  }
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < perSample; i++) {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      while (Atomics.load(flag, 0) === 1) Atomics.wait(flag, 0, 1);
    }
    postMessage({ sample: ((performance.now() - t0) * 1000) / perSample, index: s });
  }
  postMessage({ done: true });
};
