// A real lisafs channel pool in the addon: N channels (shared-memory packet windows with a futex handoff,
// each served by its own gofer thread), the LIFO stack of available channels, the socket fallback under
// sockMu, channel death and the hang-up watchdog — the machinery src/model/lisafs/ simulates.
//
// call() and callInto() are synchronous: the JS thread blocks for the round trip, exactly as a flipcall
// caller blocks in FUTEX_WAIT until the gofer hands the window back. callAsync() runs the same round trip
// on a libuv worker so several callers can contend for the pool (and spill onto the socket).
import { loadNativeBridge, type NativeBridge } from '../native.ts';
import type {
  LisafsCBenchOptions,
  LisafsCBenchResult,
  LisafsConstants,
  LisafsNative,
  LisafsPoolOptions,
  LisafsPoolStats,
  LisafsResult,
  NativeLisafsPool,
} from './types.ts';

const nb = (): NativeBridge & LisafsNative => loadNativeBridge() as NativeBridge & LisafsNative;

/** Errors carry .code ('EIO', 'ECONNRESET', 'EOPNOTSUPP', …) and .route (channel, -1 socket, -2 refused). */
export type LisafsError = Error & { code: string; errno: number; route: number };

export class LisafsPool {
  private readonly p: NativeLisafsPool;
  private final: LisafsPoolStats | null = null;

  private constructor(options: LisafsPoolOptions) {
    this.p = new (nb().LisafsPool)(options);
  }

  /** Starts the gofer threads, does Mount and one Channel RPC per channel over the socket, starts the watchdog. */
  static create(options: LisafsPoolOptions = {}): LisafsPool {
    return new LisafsPool(options);
  }

  get closed(): boolean {
    return this.final !== null;
  }

  /** One RPC; blocks the JS thread for the round trip. Throws a LisafsError. */
  call(mid: number, payload?: ArrayBufferView | null): LisafsResult {
    return this.p.call(mid, payload);
  }

  /** The lean form for benchmarks: the answer is copied into out; returns its length. */
  callInto(mid: number, payload: ArrayBufferView | null, out: ArrayBufferView): number {
    return this.p.callInto(mid, payload, out);
  }

  /** The same round trip on a libuv worker (at most UV_THREADPOOL_SIZE, default 4, at once). */
  callAsync(mid: number, payload?: ArrayBufferView | null): Promise<LisafsResult> {
    return this.p.callAsync(mid, payload);
  }

  stats(): LisafsPoolStats {
    return this.final ?? this.p.stats();
  }

  /** The gofer's end of a channel fails: its word goes to shutdown. The client notices on its next use of it. */
  killChannel(channel: number): void {
    this.p.killChannel(channel);
  }

  /** The gofer dies: it stops answering and shuts its socket end; the watchdog then tears the pool down. */
  hangup(): void {
    this.p.hangup();
  }

  /** Block until the watchdog has destroyed everything (true), or timeoutMs passed (false). */
  waitDestroyed(timeoutMs = -1): boolean {
    return this.final !== null || this.p.waitDestroyed(timeoutMs);
  }

  /** Tear down (calls in flight fail promptly), join every thread, close every fd. Idempotent. */
  close(): LisafsPoolStats {
    this.final ??= this.p.close();
    return this.final as LisafsPoolStats;
  }
}

/** C-client round trips through a real pool, timed in C; blocks the JS thread while it runs. */
export function lisafsCRoundTrip(options: LisafsCBenchOptions = {}): LisafsCBenchResult {
  return nb().benchLisafsC(options);
}

export function lisafsConstants(): LisafsConstants {
  return nb().lisafsConstants;
}
