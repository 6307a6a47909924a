/**
 * How long a dead back-end takes to notice, as a benchmark figure rather than a test assertion:
 * qemu-storage-daemon serving 8 reads in flight is SIGKILLed, and we time, from the kill, the
 * first request to fail with the hang-up and the last in-flight one to fail. Several rounds,
 * each with a fresh daemon; median, IQR and p95. (faults.test.ts checks *that* in-flight requests
 * fail with BACKEND_HANGUP; this measures how soon.)
 */
import { DeviceFailedError } from '../model/compare/port';
import { spread, type Spread } from './stats';

export interface HangupFigures {
  rounds: number;
  firstMs: Spread;
  allMs: Spread;
  /** Rounds in which something other than the hang-up failed the requests. */
  wrongErrors: number;
}

export async function benchHangup(rounds = 7): Promise<HangupFigures | { skipped: string }> {
  let vu: typeof import('../../native-bridge/src/vhost-user/blk.ts');
  let daemons: typeof import('../../native-bridge/src/vhost-user/daemons.ts');
  try {
    vu = await import('../../native-bridge/src/vhost-user/blk.ts');
    daemons = await import('../../native-bridge/src/vhost-user/daemons.ts');
  } catch (e) {
    return { skipped: `native bridge not available: ${(e as Error).message}` };
  }
  if (!daemons.daemonsAvailable().blk) return { skipped: `${daemons.QEMU_STORAGE_DAEMON} is missing` };
  const first: number[] = [];
  const all: number[] = [];
  let wrongErrors = 0;
  const dir = daemons.tempDir('ringside-hangup-');
  try {
    for (let r = 0; r < rounds; r++) {
      const sd = await daemons.startStorageDaemon({ dir: dir.path, nullSize: 1 << 20 });
      const b = await vu.openBlk({
        socketPath: sd.nullSocket,
        features: { eventIdx: true, indirect: false },
        requestTimeoutMs: 10_000,
      });
      let done = 0;
      const failedAt: bigint[] = [];
      let killed: () => void = () => {};
      const kill = new Promise<void>((res) => {
        killed = res;
      });
      const worker = async () => {
        for (;;) {
          try {
            await b.read(done % 2048, 512);
            if (++done === 100) killed();
          } catch (e) {
            failedAt.push(process.hrtime.bigint());
            if (!(e instanceof DeviceFailedError) || e.code !== 'BACKEND_HANGUP') wrongErrors++;
            return;
          }
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      await kill;
      const at = process.hrtime.bigint();
      sd.daemon.kill('SIGKILL');
      await Promise.all(workers);
      // biome-ignore lint/complexity/useMathMinMax: the times are BigInts, which Math.min and Math.max refuse
      first.push(Number(failedAt.reduce((a, x) => (x < a ? x : a)) - at) / 1e6);
      // biome-ignore lint/complexity/useMathMinMax: the times are BigInts, which Math.min and Math.max refuse
      all.push(Number(failedAt.reduce((a, x) => (x > a ? x : a)) - at) / 1e6);
      b.close();
      await sd.daemon.exited;
    }
  } finally {
    dir.remove();
  }
  return { rounds, firstMs: spread(first), allMs: spread(all), wrongErrors };
}
