/**
 * Hostile rings sent to a real device: each device-side row of bad-input.md written into the
 * memfd a qemu-storage-daemon session shares (descriptors, available-ring entries, indirect
 * tables), kicked, and the daemon's reaction recorded: libvhost-user's `vu_panic: <msg>` lines,
 * whether it drops the connection, how many used entries it had published, and what a later
 * request gets. Each row also carries the model's prediction for the same bytes: a twin model
 * queue gets the same prelude and the same injection (the model's own injectCorruption, so the
 * bytes are the ones the model's tests use), its device pops, and the RingError it raises gives
 * the kind, whether it is fatal, and the libvhost-user words from its terms. Where libvhost-user
 * does not check what the model checks, the row says so (`libvhostUser`), instead of forcing a
 * match.
 */
import { readFileSync } from 'node:fs';
import { DeviceFailedError } from '@ringside/model/compare/port.ts';
import { BlkType, blkHeader } from '@ringside/model/devices/blk.ts';
import { writeDescriptor } from '@ringside/model/virtio/chain.ts';
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from '@ringside/model/virtio/constants.ts';
import type { RingFeatures } from '@ringside/model/virtio/constants.ts';
import { RingError, type RingErrorKind } from '@ringside/model/virtio/errors.ts';
import { ring } from '@ringside/model/virtio/layout.ts';
import { createQueue, type Virtqueue } from '@ringside/model/virtio/queue.ts';
import { injectCorruption } from '@ringside/model/vqsim/hostile.ts';
import type { Corruption } from '@ringside/model/vqsim/scenarios.ts';
import { openBlk, type BlkDriver } from './blk.ts';
import type { Daemon } from './daemons.ts';

export const HOSTILE_QUEUE_SIZE = 16;

/** Injections the model's scenarios do not have (INDIRECT without the feature, a 0-byte table). */
export type ExtraInjection = 'indirect-not-negotiated' | 'indirect-zero-size';

/** What libvhost-user does where it does not say the model's words. */
export interface LibvhostUserDivergence {
  /** The vu_panic lines it prints instead (none: it does not detect the row at all). */
  panics: string[];
  /** used.idx − base once it has reacted (the prelude's entry included). */
  used: number;
  /** What this side's model driver says of the used ring then (an entry it never handed out). */
  driver?: RingErrorKind;
  /** A good read afterwards, when it keeps the connection (after a panic it always hangs up). */
  later?: string;
  /** In plain words. */
  note: string;
}

export interface HostileRow {
  id: Corruption | ExtraInjection;
  /** The bad-input.md row, in its words. */
  what: string;
  features: RingFeatures;
  /**
   * Before the injection: 'completed' = one good read completes (a used entry that must survive);
   * 'held' = one request the daemon drops without a used entry (libvhost-user keeps counting it
   * in use), so a full ring of new entries exceeds the queue size.
   */
  prelude: 'completed' | 'held';
  /** Further vu_panic lines libvhost-user prints after the model's one. */
  alsoPanics?: string[];
  /** libvhost-user does not say what the model says: what it does instead. */
  libvhostUser?: LibvhostUserDivergence;
}

const D = { eventIdx: false, indirect: false };
const I = { eventIdx: false, indirect: true };

const row = (id: HostileRow['id'], what: string, features = D, more: Partial<HostileRow> = {}): HostileRow => ({
  id,
  what,
  features,
  prelude: 'completed',
  ...more,
});

export const HOSTILE_ROWS: readonly HostileRow[] = [
  // libvhost-user's pop does not compare avail.idx with last_avail; it takes ring slots until it
  // holds QS chains, then panics. Every slot here names a request virtio-blk drops (held for ever),
  // so the count is exact; with chains that complete it would take stale slots instead.
  row('avail-idx-too-far', 'avail.idx − last_avail > QS'),
  row('head-out-of-range', 'head ≥ QS'),
  row('next-out-of-range', 'next ≥ QS', D, { alsoPanics: ['read descriptor error'] }),
  row('descriptor-loop', 'chain loop (longer than the queue)'),
  row('readable-after-writable', 'readable after writable'),
  row('zero-length', 'zero-length buffer'),
  row('address-out-of-range', 'address outside guest memory'),
  row('queue-size-exceeded', 'in-use ≥ QS', D, { prelude: 'held' }),
  row('indirect-too-large', 'too many descriptors in indirect table (QS + 1)', I, {
    libvhostUser: {
      panics: [],
      used: 2,
      driver: 'UsedIndexJump',
      later: 'not sent: the driver broke the queue',
      note: "not detected: no count check against the queue size; it walks the table (here the prelude's old read, still in place) and completes it; this side's driver then refuses the used entry it never handed out (UsedIndexJump)",
    },
  }),
  row('indirect-bad-size', 'indirect len % 16 ≠ 0', I),
  row('indirect-zero-size', 'indirect len 0', I, {
    libvhostUser: {
      panics: ['Invalid indirect buffer table'],
      used: 1,
      note: 'detected in other words: 0 passes the % 16 check; mapping a 0-byte table fails',
    },
  }),
  row('nested-indirect', 'nested INDIRECT (inside an indirect table)', I, {
    libvhostUser: {
      panics: [],
      used: 1,
      later: 'completes',
      note: "not detected: uses the entry as a plain buffer; virtio-blk then drops the request ('virtio-blk request missing headers'), no used entry, the queue keeps working",
    },
  }),
  row('indirect-with-next', 'INDIRECT|NEXT on the head', I, {
    libvhostUser: {
      panics: ['Desc next is 2', 'read descriptor error'],
      used: 1,
      note: "INDIRECT|NEXT not checked: it ignores NEXT and walks the 2-entry table, whose entry 1 (the prelude's old table) links to 2, past its end",
    },
  }),
  row('indirect-not-negotiated', 'INDIRECT without VIRTIO_RING_F_INDIRECT_DESC', D, {
    libvhostUser: {
      panics: [],
      used: 2,
      driver: 'UsedIndexJump',
      later: 'not sent: the driver broke the queue',
      note: "not detected: it follows the table without the feature and completes the read; this side's driver then refuses the used entry it never handed out (UsedIndexJump)",
    },
  }),
];

/** What the model says for a row. */
export interface ModelPrediction {
  kind: RingErrorKind | null;
  message: string | null;
  fatal: boolean;
  /** The kind's terms.libvhostUser with the values filled in (null: the model names none). */
  libvhostUser: string | null;
  /** Used entries before the error (the prelude's). */
  usedBefore: number;
}

/** What the daemon did. */
export interface DaemonBehaviour {
  /** Text after "vu_panic: " for each such stderr line the row caused. */
  panics: string[];
  /** Other stderr lines the row caused (e.g. virtio-blk's own complaints). */
  otherLines: string[];
  connection: 'closed' | 'open';
  /** used.idx − base when the daemon reacted (the prelude's entries, plus any it completed). */
  usedEntries: number;
  /** What this side's model driver says when it reads the used ring afterwards (null: nothing wrong). */
  driver: RingErrorKind | null;
  /** A good read sent afterwards on the same session: 'completes', 'fails: hang-up', … */
  later: string;
}

/** Both, and what the row expects the daemon to do (the prediction, or the row's divergence). */
export type ExpectedBehaviour = Omit<DaemonBehaviour, 'otherLines'>;

function fill(template: string | undefined, e: RingError): string | null {
  if (!template) return null;
  const values: Record<string, string> = {
    HeadOutOfRange: String(e.details.head),
    NextOutOfRange: String(e.details.next),
  };
  return template.replace('%u', values[e.kind] ?? '%u');
}

/** Publish `heads` in the available ring, as a buggy driver would (entries, then avail.idx). */
function publish(vq: Virtqueue, heads: number[]): void {
  const d = vq.driver.s;
  for (const h of heads) {
    vq.mem.writeU16(ring.availRing(vq.layout, d.availIdxShadow & (vq.layout.queueSize - 1)), h);
    d.availIdxShadow = (d.availIdxShadow + 1) & 0xffff;
  }
  vq.mem.publishU16(ring.availIdx(vq.layout), d.availIdxShadow);
}

/** The two injections the model's scenario list lacks, written the same way on both queues. */
function injectExtra(vq: Virtqueue, id: ExtraInjection): void {
  const a = vq.driver.freeList()[0] ?? 0;
  if (id === 'indirect-zero-size') {
    writeDescriptor(vq.mem, vq.layout.desc, a, {
      addr: vq.map.tables.base,
      len: 0,
      flags: VRING_DESC_F_INDIRECT,
      next: 0,
    });
  } else {
    // A well-formed read of sector 0 through an indirect table, on a queue without INDIRECT_DESC.
    const base = vq.map.buffers.base + vq.map.buffers.size - 1024;
    const table = base;
    const hdr = base + 64;
    const data = base + 128;
    const status = base + 640;
    vq.mem.writeBytes(hdr, blkHeader(BlkType.IN, 0));
    writeDescriptor(vq.mem, table, 0, { addr: hdr, len: 16, flags: VRING_DESC_F_NEXT, next: 1 });
    writeDescriptor(vq.mem, table, 1, { addr: data, len: 512, flags: VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, next: 2 });
    writeDescriptor(vq.mem, table, 2, { addr: status, len: 1, flags: VRING_DESC_F_WRITE, next: 0 });
    writeDescriptor(vq.mem, vq.layout.desc, a, { addr: table, len: 48, flags: VRING_DESC_F_INDIRECT, next: 0 });
  }
  publish(vq, [a]);
}

function inject(vq: Virtqueue, id: HostileRow['id']): void {
  if (id === 'indirect-not-negotiated' || id === 'indirect-zero-size') {
    injectExtra(vq, id);
    return;
  }
  if (id === 'avail-idx-too-far') {
    // every ring slot names one 8-byte readable descriptor: a request virtio-blk drops
    const a = vq.driver.freeList()[0] ?? 0;
    writeDescriptor(vq.mem, vq.layout.desc, a, { addr: vq.map.buffers.base, len: 8, flags: 0, next: 0 });
    for (let i = 0; i < vq.layout.queueSize; i++) vq.mem.writeU16(ring.availRing(vq.layout, i), a);
  }
  injectCorruption(vq, id);
}

/** The model's answer: a twin queue, the same prelude and injection, its device pops until it refuses. */
export function predict(row: HostileRow): ModelPrediction {
  const vq = createQueue({ queueSize: HOSTILE_QUEUE_SIZE, features: row.features });
  const { driver, device, buffers } = vq;
  const out = buffers.alloc(16)!;
  const ins = [buffers.alloc(512)!, buffers.alloc(1)!];
  vq.mem.writeBytes(out, blkHeader(BlkType.IN, 0));
  driver.add(
    [{ addr: out, len: 16 }],
    ins.map((addr, i) => ({ addr, len: i === 0 ? 512 : 1 })),
    1,
  );
  const first = device.pop()!;
  let usedBefore = 0;
  if (row.prelude === 'completed') {
    device.fill(first.chain.head, 513);
    device.flush();
    driver.getUsed();
    usedBefore = 1;
  }
  inject(vq, row.id);
  try {
    for (let i = 0; i <= 2 * HOSTILE_QUEUE_SIZE && device.pop(); i++);
  } catch (e) {
    if (!(e instanceof RingError)) throw e;
    return {
      kind: e.kind,
      message: e.message,
      fatal: e.fatal,
      libvhostUser: fill(e.terms.libvhostUser, e),
      usedBefore,
    };
  }
  return { kind: null, message: null, fatal: false, libvhostUser: null, usedBefore };
}

/**
 * What the row expects of the daemon. By default the model's: its libvhost-user words, and for a
 * fatal error a broken device that drops the connection with the prelude's entries kept. Where the
 * row records a divergence, that instead.
 */
export function expectedBehaviour(row: HostileRow, m: ModelPrediction): ExpectedBehaviour {
  const d = row.libvhostUser;
  const panics = d ? d.panics : [...(m.libvhostUser ? [m.libvhostUser] : []), ...(row.alsoPanics ?? [])];
  const broken = d ? panics.length > 0 : m.fatal;
  return {
    panics,
    connection: broken ? 'closed' : 'open',
    usedEntries: d ? d.used : m.usedBefore,
    driver: d?.driver ?? null,
    later: broken ? 'fails: hang-up' : (d?.later ?? 'completes'),
  };
}

/** Poll `f` until it is true or `ms` pass; false on time-out (the caller words the failure). */
async function until(f: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!f()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

function logFrom(d: Daemon, offset: number): string[] {
  let s = '';
  try {
    s = readFileSync(d.logPath, 'utf8').slice(offset);
  } catch {
    /* nothing written yet */
  }
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

function logLength(d: Daemon): number {
  try {
    return readFileSync(d.logPath, 'utf8').length;
  } catch {
    return 0;
  }
}

/** A good read on the session: what happens to it. */
async function laterRead(b: BlkDriver): Promise<string> {
  try {
    await b.read(0, 512);
    return 'completes';
  } catch (e) {
    if (e instanceof DeviceFailedError && e.code === 'BACKEND_HANGUP') return 'fails: hang-up';
    if (e instanceof RingError) return `fails: RingError ${e.kind}`;
    return `fails: ${(e as Error).name}`;
  }
}

export interface RunOptions {
  daemon: Daemon;
  socketPath: string;
  /** Bound on each wait for the daemon to react (ms); exceeding it is an error, never a pass. */
  waitMs?: number;
}

/** Send one row to the daemon behind `socketPath` and record what it does. */
export async function runRow(row: HostileRow, o: RunOptions): Promise<DaemonBehaviour> {
  const waitMs = o.waitMs ?? 5000;
  const b = await openBlk({
    socketPath: o.socketPath,
    features: row.features,
    queueSize: HOSTILE_QUEUE_SIZE,
    requestTimeoutMs: 5000, // a bound on the good reads; no row waits for it to fire
    backendLog: () => o.daemon.lastLine(),
  });
  try {
    const vq = b.queue.vq;
    const usedIdx = () => vq.mem.acquireU16(ring.usedIdx(vq.layout));
    let start = logLength(o.daemon);
    if (row.prelude === 'completed') {
      const r = await b.read(0, 512);
      if (r.usedLen !== 513) throw new Error(`${row.id}: the prelude read returned used.len ${r.usedLen}`);
    } else {
      // dropped by virtio-blk ("outhdr too short") without a used entry: held for ever
      void b.raw([new Uint8Array(8)], [1]).catch(() => undefined);
      if (!(await until(() => logFrom(o.daemon, start).length > 0, waitMs)))
        throw new Error(`${row.id}: the daemon did not complain about the held request within ${waitMs} ms`);
    }
    start = logLength(o.daemon);
    const used0 = usedIdx();
    // The model device on this side is idle (the daemon is the device): tell it where the daemon
    // stands, so the injection is computed exactly as on the model's own queue.
    vq.device.s.lastAvail = vq.driver.s.availIdxShadow;
    vq.device.s.inUse = row.prelude === 'held' ? 1 : 0;
    inject(vq, row.id);
    b.queue.port.kick();
    const lines = () => logFrom(o.daemon, start);
    // What to wait for is the expected end of the reaction: the hang-up after a panic (it comes
    // after every vu_panic line), else the daemon's first sign (a stderr line, used.idx moving).
    // Not coming within the bound is recorded as it stands and fails the comparison, never a pass.
    const expected = expectedBehaviour(row, predict(row));
    if (expected.connection === 'closed') await until(() => b.queue.closed, waitMs);
    else if (!(await until(() => lines().length > 0 || b.queue.closed || usedIdx() !== used0, waitMs)))
      throw new Error(
        `${row.id}: qemu-storage-daemon did not react within ${waitMs} ms (no stderr line, no hang-up, used.idx still ${used0})`,
      );
    const usedEntries = b.queue.closed ? b.queue.port.deviceStats().chains : usedIdx();
    const connection = b.queue.closed ? 'closed' : 'open';
    // Read the used ring as the driver before anything is in flight, so an entry the daemon
    // completed from the hostile chain is judged on its own (nothing to confuse it with).
    let driver: RingErrorKind | null = null;
    if (!b.queue.closed) {
      try {
        vq.driver.getUsed();
      } catch (e) {
        if (!(e instanceof RingError)) throw e;
        driver = e.kind;
      }
    }
    const later = driver ? 'not sent: the driver broke the queue' : await laterRead(b);
    const all = lines();
    return {
      panics: all.filter((l) => l.includes('vu_panic: ')).map((l) => l.slice(l.indexOf('vu_panic: ') + 10)),
      otherLines: all.filter((l) => !l.includes('vu_panic: ')),
      connection,
      usedEntries,
      driver,
      later,
    };
  } finally {
    b.close();
  }
}
