// ringside native bridge: Node-only access to memfd shared memory, eventfds, epoll, SCM_RIGHTS and a
// native virtio device thread. Loads ../build/Release/ringside_bridge.node lazily, on first use, so
// importing this module never fails; using it without the built addon throws a clear error.
import {
  loadNativeBridge,
  type DeviceConfig,
  type DeviceError,
  type DeviceReport,
  type DeviceStats,
  type NativeBridge,
  type NativeDeviceHandle,
  type NativeEpollWatcher,
  type ReadyFd,
  type RecvResult,
  type WatchCallback,
} from './native.ts';

export * from './native.ts';
export * as lisafs from './lisafs/index.ts';

const nb = (): NativeBridge => loadNativeBridge();

/**
 * A memfd plus the SharedArrayBuffer views mapped over it. close() revokes every mapping it made
 * (stale views then read zeros, they never fault) and closes the fd, so nothing depends on GC.
 */
export class SharedRegion {
  readonly fd: number;
  readonly size: number;
  readonly name: string;
  /** The first mapping; map() makes more (e.g. to show that two mappings see the same bytes). */
  readonly buffer: SharedArrayBuffer;
  private readonly maps = new Set<SharedArrayBuffer>();
  private closed = false;

  private constructor(name: string, fd: number, size: number) {
    this.name = name;
    this.fd = fd;
    this.size = size;
    try {
      this.buffer = this.map();
    } catch (e) {
      nb().closeFd(fd);
      throw e;
    }
  }

  static create(name: string, size: number): SharedRegion {
    const { fd } = nb().memfdCreate(name, size);
    return new SharedRegion(name, fd, size);
  }

  /** Another MAP_SHARED mapping of the same memory. */
  map(): SharedArrayBuffer {
    if (this.closed) throw new Error(`SharedRegion ${this.name} is closed`);
    const sab = nb().mapShared(this.fd, this.size);
    this.maps.add(sab);
    return sab;
  }

  /** Revoke one mapping made by map(). */
  unmap(sab: SharedArrayBuffer): void {
    if (this.maps.delete(sab)) nb().unmapShared(sab);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const sab of this.maps) nb().unmapShared(sab);
    this.maps.clear();
    nb().closeFd(this.fd);
  }
}

/** An eventfd: writes add to a counter, a read returns it and resets it to 0. */
export class EventFd {
  readonly fd: number;
  private closed = false;

  private constructor(fd: number) {
    this.fd = fd;
  }

  static create(options: { initial?: number; nonblocking?: boolean; semaphore?: boolean } = {}): EventFd {
    const { initial = 0, nonblocking = false, semaphore = false } = options;
    return new EventFd(nb().eventfdCreate(initial, { nonblocking, semaphore }));
  }

  /** The drained counter, or null when nonblocking and the counter is 0. Blocks otherwise. */
  read(): number | null {
    return nb().eventfdRead(this.fd);
  }

  write(n = 1): void {
    nb().eventfdWrite(this.fd, n);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    nb().closeFd(this.fd);
  }
}

/**
 * Watches fds on a native thread; the callback runs on the JS thread. The watcher keeps the process
 * alive while open (like a server) unless unref()'d; close() joins its thread and frees everything.
 */
export class EpollWatcher {
  private readonly w: NativeEpollWatcher;

  constructor(callback: WatchCallback) {
    this.w = new (nb().EpollWatcher)(callback);
  }

  add(fd: number, mode: 'auto' | 'eventfd' | 'oneshot' = 'auto'): 'eventfd' | 'oneshot' {
    return this.w.add(fd, mode);
  }

  remove(fd: number): boolean {
    return this.w.remove(fd);
  }

  rearm(fd: number): void {
    this.w.rearm(fd);
  }

  get size(): number {
    return this.w.size();
  }

  ref(): this {
    this.w.ref();
    return this;
  }

  unref(): this {
    this.w.unref();
    return this;
  }

  close(): void {
    this.w.close();
  }

  /** Resolve with the next drained count of an eventfd (convenience for tests and simple drivers). */
  static once(fd: number, timeoutMs = 5000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        w.close();
        reject(new Error(`EpollWatcher.once: fd ${fd} not readable within ${timeoutMs} ms`));
      }, timeoutMs);
      const w = new EpollWatcher((_fd, count, err) => {
        clearTimeout(timer);
        w.close();
        if (err) reject(err);
        else resolve(count ?? 0);
      });
      w.add(fd, 'eventfd');
    });
  }
}

/** Wait on the calling thread (benchmarks/tests only): ready fds, eventfds drained when drain. */
export function epollWaitBlocking(fds: number[], timeoutMs: number, drain = true): ReadyFd[] {
  return nb().epollWaitBlocking(fds, timeoutMs, drain);
}

/** The native virtio device thread serving one split virtqueue in a shared region. */
export class NativeDevice {
  private readonly d: NativeDeviceHandle;
  private report: DeviceReport | null = null;

  private constructor(config: DeviceConfig) {
    this.d = new (nb().NativeDevice)(config);
  }

  static create(config: DeviceConfig): NativeDevice {
    return new NativeDevice(config);
  }

  stats(): DeviceStats {
    return this.report ? this.report.stats : this.d.stats();
  }

  error(): DeviceError | null {
    return this.report ? this.report.error : this.d.error();
  }

  /** Stop the thread (prompt even mid-batch) but keep the device inspectable. */
  stop(): DeviceReport {
    return this.report ?? this.d.stop();
  }

  /** Stop and free the device (joins its thread); returns the final stats and error. Idempotent. */
  close(): DeviceReport {
    this.report ??= this.d.close();
    return this.report as DeviceReport;
  }
}

export const unix = {
  connect: (path: string, options?: { nonblocking?: boolean }): number => nb().unixConnect(path, options),
  listen: (path: string, backlog?: number): number => nb().unixListen(path, backlog),
  accept: (listenFd: number, timeoutMs?: number): number | null => nb().unixAccept(listenFd, timeoutMs),
  socketpair: (): [number, number] => nb().socketpair(),
  sendmsgFds: (fd: number, data: ArrayBufferView, fds: number[] = []): number => nb().sendmsgFds(fd, data, fds),
  recvmsgFds: (fd: number, maxBytes: number, maxFds = 8, timeoutMs = -1): RecvResult =>
    nb().recvmsgFds(fd, maxBytes, maxFds, timeoutMs),
  close: (fd: number): void => nb().closeFd(fd),
};

/** C floors for the TypeScript benchmarks. Each call blocks the JS thread while it runs. */
export const cBench = {
  driverBatched: (options?: Parameters<NativeBridge['benchCDriverBatched']>[0]) => nb().benchCDriverBatched(options),
  eventfdPingPong: (iterations?: number, repeats?: number) => nb().benchEventfdPingPongC(iterations, repeats),
  ringLoop: (qs?: number, batch?: number, iterations?: number, repeats?: number) =>
    nb().benchRingLoopC(qs, batch, iterations, repeats),
};
