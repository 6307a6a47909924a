/**
 * A wake-up round trip between two threads of this browser (two workers ping-ponging through
 * Atomics.wait / Atomics.notify on shared memory): what waking a sleeping thread costs on the
 * machine the page runs on. Needs cross-origin isolation (the site is served with COOP/COEP).
 */
export interface WakeProgress {
  done: number;
  total: number;
}

export function wakeRoundTripSamples(
  samples: number,
  perSample: number,
  onProgress: (p: WakeProgress) => void,
  signal: AbortSignal,
): Promise<number[]> {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) {
    return Promise.reject(
      new Error('this page is not cross-origin isolated, so it cannot share memory between threads to time a wake-up'),
    );
  }
  const sab = new SharedArrayBuffer(4);
  const mk = (role: string) =>
    new Worker(new URL('./wake.worker.ts', import.meta.url), { type: 'module', name: `ringside-wake-${role}` });
  const ping = mk('ping');
  const pong = mk('pong');
  const stop = () => {
    ping.terminate();
    pong.terminate();
  };
  return new Promise((resolve, reject) => {
    const out: number[] = [];
    signal.addEventListener('abort', () => {
      stop();
      reject(new DOMException('measurement cancelled', 'AbortError'));
    });
    ping.onerror = pong.onerror = (e) => {
      stop();
      reject(new Error(`a measuring thread failed: ${e.message}`));
    };
    ping.onmessage = (ev: MessageEvent<{ sample?: number; done?: boolean }>) => {
      if (ev.data.sample !== undefined) {
        out.push(ev.data.sample);
        onProgress({ done: out.length, total: samples });
      }
      if (ev.data.done) {
        stop();
        resolve(out);
      }
    };
    pong.postMessage({ sab, role: 'pong', samples, perSample });
    ping.postMessage({ sab, role: 'ping', samples, perSample });
  });
}
