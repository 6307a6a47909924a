// Raw shape of ringside_bridge.node and its loader. Node-only: the browser bundle never imports this
// package. The friendly wrappers live in index.ts.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Readiness callback: count is the drained eventfd counter, or null for a one-shot (socket) fd. */
export type WatchCallback = (fd: number, count: number | null, error?: NodeJS.ErrnoException) => void;

export interface NativeEpollWatcher {
  /** Watch fd; 'auto' picks 'eventfd' for eventfds (drained natively, level-triggered) else 'oneshot'. */
  add(fd: number, mode?: 'auto' | 'eventfd' | 'oneshot'): 'eventfd' | 'oneshot';
  remove(fd: number): boolean;
  /** Re-enable a one-shot fd after consuming what made it readable. */
  rearm(fd: number): void;
  close(): void;
  ref(): void;
  unref(): void;
  size(): number;
}

export interface DeviceConfig {
  memFd: number;
  memSize: number;
  queueSize: number;
  descAddr: number;
  availAddr: number;
  usedAddr: number;
  kickFd: number;
  callFd: number;
  /** Optional eventfd signalled once when the queue breaks (like a NEEDS_RESET config interrupt). */
  configFd?: number;
  eventIdx?: boolean;
  indirectDesc?: boolean;
  kind?: 'echo' | 'blk';
  /** blk: disk size in bytes, multiple of 512 (default 1 MiB). */
  diskSize?: number;
  /** blk: GET_ID answer, up to 20 bytes (default 'ringside-blk'). */
  serial?: string;
}

export interface DeviceStats {
  kickWakeups: number;
  kickSum: number;
  chains: number;
  bytesRead: number;
  bytesWritten: number;
  interruptsSignalled: number;
  interruptsSuppressed: number;
  passes: number;
  lastAvail: number;
  usedIdx: number;
  broken: boolean;
  running: boolean;
}

/** Error codes of the native device; message is the real implementation's text (bad-input.md). */
export type DeviceErrorCode =
  | 'AVAIL_IDX_TOO_FAR'
  | 'HEAD_OUT_OF_RANGE'
  | 'NEXT_OUT_OF_RANGE'
  | 'DESCRIPTOR_LOOP'
  | 'READABLE_AFTER_WRITABLE'
  | 'ZERO_LENGTH'
  | 'ADDRESS_OUT_OF_REGION'
  | 'INDIRECT_TOO_MANY'
  | 'INDIRECT_BAD_SIZE'
  | 'INDIRECT_NESTED'
  | 'INDIRECT_WITH_NEXT'
  | 'INDIRECT_NOT_NEGOTIATED'
  | 'CHAIN_TOO_LONG'
  | 'BLK_MISSING_HEADERS'
  | 'BLK_OUTHDR_TOO_SHORT'
  | 'INTERNAL';

export interface DeviceError {
  code: DeviceErrorCode;
  message: string;
  detail: string;
}

export interface DeviceReport {
  stats: DeviceStats;
  error: DeviceError | null;
}

export interface NativeDeviceHandle {
  stats(): DeviceStats;
  error(): DeviceError | null;
  stop(): DeviceReport;
  /** Stops, then frees; returns the final report the first time and null afterwards. */
  close(): DeviceReport | null;
}

/** What one synchronous serving pass of the native device's ring code (vq_probe.c) did. */
export interface VqProbeResult {
  /** Chains served and pushed to the used ring before the first error or the empty ring. */
  completed: number;
  lastAvail: number;
  usedIdx: number;
  error: DeviceError | null;
}

/** Device state a packed-ring pass (pvq.c) takes and gives back: no buffer is held between passes. */
export interface PackedProbeState {
  lastAvail: number;
  availWrap: number;
  usedIdx: number;
  usedWrap: number;
  signalledUsed: number;
  signalledValid: boolean;
}

/** What one pass of the C packed-ring device did; error kind and message are the packed model's. */
export interface PackedProbeResult {
  completed: number;
  /** The interrupt decision after the flush, or null when nothing was flushed. */
  interrupt: boolean | null;
  state: PackedProbeState;
  error: { kind: string; message: string } | null;
}

export interface ReadyFd {
  fd: number;
  events: number;
  count: number | null;
}

export interface RecvResult {
  data: Buffer;
  fds: number[];
  eof: boolean;
  timedOut: boolean;
  fdsTruncated: boolean;
}

export interface DriverBenchResult {
  requestsPerSec: number;
  nsPerRequest: number;
  notificationsPerRequest: number;
  kicksPerRequest: number;
  interruptsPerRequest: number;
  deviceWakeupsPerRequest: number;
  requests: number;
  queueSize: number;
  batch: number;
  samples: number[];
}

export interface NativeBridge {
  pageSize: number;
  memfdCreate(name: string, size: number): { fd: number };
  mapShared(fd: number, size: number, offset?: number): SharedArrayBuffer;
  unmapShared(buffer: SharedArrayBuffer): boolean;
  closeFd(fd: number): void;
  /** mapShared buffers not yet freed by V8 (revoked ones included): for leak tests. */
  liveMappings(): number;

  eventfdFlags: { EFD_NONBLOCK: number; EFD_SEMAPHORE: number; EFD_CLOEXEC: number };
  eventfdCreate(initial?: number, flags?: number | { nonblocking?: boolean; semaphore?: boolean }): number;
  eventfdRead(fd: number): number | null;
  eventfdWrite(fd: number, n?: number): void;

  EpollWatcher: new (callback: WatchCallback) => NativeEpollWatcher;
  epollWaitBlocking(fds: number[], timeoutMs: number, drain?: boolean): ReadyFd[];

  unixConnect(path: string, options?: { nonblocking?: boolean }): number;
  unixListen(path: string, backlog?: number): number;
  unixAccept(listenFd: number, timeoutMs?: number): number | null;
  socketpair(): [number, number];
  sendmsgFds(fd: number, data: ArrayBufferView, fds?: number[]): number;
  recvmsgFds(fd: number, maxBytes: number, maxFds?: number, timeoutMs?: number): RecvResult;

  NativeDevice: new (config: DeviceConfig) => NativeDeviceHandle;
  /**
   * The device thread's loop (pop, walk, echo, push) run once, synchronously, on `memory` (its byte 0
   * is guest address 0); starts at the used.idx the memory holds. Throws RangeError for a bad layout.
   */
  probeVirtqueue(
    memory: ArrayBufferLike | ArrayBufferView,
    queueSize: number,
    descAddr: number,
    availAddr: number,
    usedAddr: number,
    eventIdx: boolean,
    indirectDesc: boolean,
    maxChains?: number,
  ): VqProbeResult;

  /**
   * One pass of the C packed-ring device (pvq.c) on `memory` (byte 0 is guest address 0): turn kicks off, pop
   * and echo every available buffer, flush them as one batch, decide about the interrupt, ask for kicks again.
   */
  probePackedVirtqueue(
    memory: ArrayBufferLike | ArrayBufferView,
    queueSize: number,
    descAddr: number,
    driverEventAddr: number,
    deviceEventAddr: number,
    eventIdx: boolean,
    indirectDesc: boolean,
    lastAvail: number,
    availWrap: number,
    usedIdx: number,
    usedWrap: number,
    signalledUsed: number,
    signalledValid: boolean,
  ): PackedProbeResult;

  benchCDriverBatched(options?: {
    queueSize?: number;
    batch?: number;
    requests?: number;
    repeats?: number;
  }): DriverBenchResult;
  benchEventfdPingPongC(
    iterations?: number,
    repeats?: number,
  ): { nsPerRoundTrip: number; iterations: number; samples: number[] };
  benchRingLoopC(
    qs?: number,
    batch?: number,
    iterations?: number,
    repeats?: number,
  ): {
    nsPerRequest: number;
    requestsPerSec: number;
    queueSize: number;
    batch: number;
    iterations: number;
    samples: number[];
  };
}

const ADDON = '../build/Release/ringside_bridge.node';
let cached: NativeBridge | undefined;

/**
 * Path of the compiled addon (may not exist yet): beside this package, or — when this file
 * was bundled elsewhere (benchmarks run a bundle) — under ./native-bridge of the working directory.
 */
export function addonPath(): string {
  const here = fileURLToPath(new URL(ADDON, import.meta.url));
  if (existsSync(here)) return here;
  const fromCwd = join(process.cwd(), 'native-bridge', 'build', 'Release', 'ringside_bridge.node');
  return existsSync(fromCwd) ? fromCwd : here;
}

export function isNativeBridgeAvailable(): boolean {
  return process.platform === 'linux' && existsSync(addonPath());
}

/** Load the addon once. Throws a clear error when it has not been built. */
export function loadNativeBridge(): NativeBridge {
  if (cached) return cached;
  if (process.platform !== 'linux') {
    throw new Error(`ringside native bridge: Linux only (memfd, eventfd, epoll); this is ${process.platform}`);
  }
  const path = addonPath();
  if (!existsSync(path)) {
    throw new Error(
      `ringside native bridge is not built: ${path} is missing. ` +
        'Run `npm test` at the repository root (its setup builds it), or `npm run install` in native-bridge/.',
    );
  }
  const require = createRequire(import.meta.url);
  cached = require(path) as NativeBridge;
  return cached;
}
