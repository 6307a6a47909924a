/**
 * Real back-ends for tests, benchmarks and comparisons: qemu-storage-daemon (vhost-user-blk) and
 * virtiofsd (vhost-user-fs) from Debian's qemu-system-common, each on a Unix socket in a temp dir.
 * Every daemon started here is registered so that none outlives this process: stop() sends
 * SIGTERM then SIGKILL, and an exit hook SIGKILLs whatever is left.
 *
 * virtiofsd runs with `-o sandbox=chroot`: its default namespace sandbox needs privileges that
 * containers (and CI runners) often lack; chroot needs only root, which the tests have.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const QEMU_STORAGE_DAEMON = '/usr/bin/qemu-storage-daemon';
export const VIRTIOFSD = '/usr/lib/qemu/virtiofsd';

export function daemonsAvailable(): { blk: boolean; fs: boolean } {
  return { blk: existsSync(QEMU_STORAGE_DAEMON), fs: existsSync(VIRTIOFSD) };
}

const live = new Set<Daemon>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const d of live) d.killNow();
  });
}

/** Daemons still running (started here and not yet reaped): for leak tests. */
export function liveDaemons(): number {
  return live.size;
}

export class Daemon {
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(
    readonly kind: 'qemu-storage-daemon' | 'virtiofsd',
    private readonly proc: ChildProcess,
    readonly args: string[],
    /** The daemon's stderr goes to this file, not a pipe: no fd of ours lives and dies with it. */
    readonly logPath: string,
  ) {
    if (proc.pid === undefined) throw new Error(`${kind} did not start`);
    this.pid = proc.pid;
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(this);
        resolve(this.exitInfo);
      });
    });
    live.add(this);
    hookExit();
  }

  get running(): boolean {
    return this.exitInfo === null;
  }

  get exit(): { code: number | null; signal: NodeJS.Signals | null } | null {
    return this.exitInfo;
  }

  /** What the daemon wrote to stderr (the last 8 KiB). */
  log(): string {
    try {
      const s = readFileSync(this.logPath, 'utf8');
      return s.length > 8192 ? s.slice(-8192) : s;
    } catch {
      return '';
    }
  }

  /** The last non-empty stderr line, e.g. "vu_panic: Invalid queue index: 7". */
  lastLine(): string | null {
    const lines = this.log()
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return lines.length ? lines[lines.length - 1] : null;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running) this.proc.kill(signal);
  }

  /** Synchronous last resort (process exit hook). */
  killNow(): void {
    try {
      if (this.running) process.kill(this.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is reaped. */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.running) return void (await this.exited);
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

let logSeq = 0;
function startDaemon(kind: Daemon['kind'], bin: string, args: string[], dir: string): Daemon {
  if (!existsSync(bin)) {
    throw new Error(
      `${bin} is missing: install Debian's qemu-system-common (as root: apt-get install -y qemu-system-common); npm test's setup does this`,
    );
  }
  const logPath = join(dir, `${kind}-${process.pid}-${++logSeq}.log`);
  const fd = openSync(logPath, 'w');
  try {
    const proc = spawn(bin, args, { stdio: ['ignore', 'ignore', fd] });
    return new Daemon(kind, proc, args, logPath);
  } finally {
    closeSync(fd); // the child has its own copy
  }
}

/**
 * Whether some process listens on the Unix socket at `path`. The socket file appears at
 * bind(), a moment before listen(): connecting in between is refused (ECONNREFUSED), so the
 * file existing is not enough. Connecting to find out would use up the daemon's connection
 * (virtiofsd serves exactly one), so the kernel's table is read instead: a listening socket
 * has __SO_ACCEPTCON (0x10000) in its flags.
 */
function listening(path: string): boolean {
  let table: string;
  try {
    table = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return existsSync(path); // no /proc: the file is the best sign there is
  }
  for (const line of table.split('\n')) {
    if (!line.endsWith(` ${path}`)) continue;
    if (parseInt(line.trim().split(/\s+/)[3], 16) & 0x10000) return true;
  }
  return false;
}

/** Waits until the daemon listens on `path` (or says why it never will). */
export async function waitForSocket(path: string, d: Daemon, timeoutMs = 5000): Promise<void> {
  const t0 = performance.now();
  while (!listening(path)) {
    if (!d.running)
      throw new Error(`${d.kind} exited (${JSON.stringify(d.exit)}) before listening on ${path}: ${d.log().trim()}`);
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`${d.kind} did not listen on ${path} within ${timeoutMs} ms: ${d.log().trim()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface StorageDaemonOptions {
  dir: string;
  /** null-co disk with read-zeroes=on (deterministic reads); bytes. Default 64 MiB. */
  nullSize?: number;
  /** A file-backed disk (must exist; its size is the disk size). */
  file?: string;
  /** discard=unmap on the file disk, so DISCARD really punches holes (default true). */
  fileDiscard?: boolean;
  writable?: boolean;
  /** Number of virtqueues per export (num-queues), default 1. */
  numQueues?: number;
}

export interface StorageDaemon {
  daemon: Daemon;
  /** Socket of the null-co export. */
  nullSocket: string;
  /** Socket of the file-backed export, when a file was given. */
  fileSocket: string | null;
}

/** qemu-storage-daemon exporting a null-co disk (and optionally a file disk) over vhost-user-blk. */
export async function startStorageDaemon(o: StorageDaemonOptions): Promise<StorageDaemon> {
  const nullSocket = join(o.dir, 'null.sock');
  const fileSocket = o.file ? join(o.dir, 'file.sock') : null;
  const writable = (o.writable ?? true) ? 'on' : 'off';
  const nq = o.numQueues ?? 1;
  // A restart in the same dir: the killed daemon's socket files are still there, and waiting for
  // the path to appear must wait for the new daemon, not see the old file.
  rmSync(nullSocket, { force: true });
  if (fileSocket) rmSync(fileSocket, { force: true });
  const args = [
    '--blockdev',
    `driver=null-co,node-name=null0,read-zeroes=on,size=${o.nullSize ?? 64 << 20}`,
    '--export',
    `type=vhost-user-blk,id=exp-null,node-name=null0,addr.type=unix,addr.path=${nullSocket},writable=${writable},num-queues=${nq}`,
  ];
  if (o.file && fileSocket) {
    args.push(
      '--blockdev',
      `driver=file,node-name=file0,filename=${o.file},discard=${(o.fileDiscard ?? true) ? 'unmap' : 'ignore'}`,
      '--export',
      `type=vhost-user-blk,id=exp-file,node-name=file0,addr.type=unix,addr.path=${fileSocket},writable=${writable},num-queues=${nq}`,
    );
  }
  const daemon = startDaemon('qemu-storage-daemon', QEMU_STORAGE_DAEMON, args, o.dir);
  try {
    await waitForSocket(nullSocket, daemon);
    if (fileSocket) await waitForSocket(fileSocket, daemon);
  } catch (e) {
    await daemon.stop();
    throw e;
  }
  return { daemon, nullSocket, fileSocket };
}

export interface VirtiofsdOptions {
  /** Directory to share. */
  source: string;
  /** Where the socket goes. */
  dir: string;
  socketName?: string;
  extra?: string[];
}

/** virtiofsd serving `source`. It serves one connection and exits: start one per session. */
export async function startVirtiofsd(o: VirtiofsdOptions): Promise<{ daemon: Daemon; socket: string }> {
  const socket = join(o.dir, o.socketName ?? 'vfs.sock');
  rmSync(socket, { force: true });
  const args = [
    `--socket-path=${socket}`,
    '-o',
    `source=${o.source}`,
    '-o',
    'sandbox=chroot',
    '-o',
    'cache=none',
    ...(o.extra ?? []),
  ];
  const daemon = startDaemon('virtiofsd', VIRTIOFSD, args, o.dir);
  try {
    await waitForSocket(socket, daemon);
  } catch (e) {
    await daemon.stop();
    throw e;
  }
  return { daemon, socket };
}

/** A fresh temp dir, and its removal. */
export function tempDir(prefix = 'ringside-vu-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
