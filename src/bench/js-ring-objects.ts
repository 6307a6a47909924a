/**
 * A second reference point for the model's round trip: the work of the one-function floor
 * (js-ring-floor.ts), check for check, split the way any virtqueue model has to be split —
 * a driver object, a device object and a memory object, each with its own state in fields
 * and its own methods, talking through calls. Nothing else is added: no explanations, no
 * broken-queue state, no indirect tables or segmentation, one flat memory.
 *
 * It exists to divide the model's distance from C into three honest parts, all measured in
 * one run: the language (floor / C loop), the split into objects (this / floor), and what the
 * model does beyond the minimum (model / this). Nothing uses it but the benchmark.
 */
import { ChainWalk } from '../model/virtio/chain';
import { collect, type Sampler, type Spread } from './stats';

const OUT = 16;
const IN = 513;
const F_NEXT = 1;
const F_WRITE = 2;
const F_INDIRECT = 4;

function needEvent(ev: number, newIdx: number, old: number): boolean {
  return ((newIdx - ev - 1) & 0xffff) < ((newIdx - old) & 0xffff);
}

interface Buf {
  addr: number;
  len: number;
}

/** Flat memory: native-order typed arrays, every access bounds-checked. */
class FlatMemory {
  readonly h16: Uint16Array;
  readonly h32: Uint32Array;
  readonly size: number;
  constructor(h16: Uint16Array, h32: Uint32Array) {
    this.h16 = h16;
    this.h32 = h32;
    this.size = h16.byteLength;
  }
  inside(gpa: number, len: number): boolean {
    return gpa >= 0 && gpa + len <= this.size;
  }
  read16(gpa: number): number {
    if (!this.inside(gpa, 2)) throw new Error('outside memory');
    return this.h16[gpa >> 1];
  }
  write16(gpa: number, v: number): void {
    if (!this.inside(gpa, 2)) throw new Error('outside memory');
    this.h16[gpa >> 1] = v;
  }
  read32(gpa: number): number {
    if (!this.inside(gpa, 4)) throw new Error('outside memory');
    return this.h32[gpa >> 2];
  }
  write32(gpa: number, v: number): void {
    if (!this.inside(gpa, 4)) throw new Error('outside memory');
    this.h32[gpa >> 2] = v;
  }
  writeDescriptor(gpa: number, addr: number, len: number, flags: number, next: number): void {
    if (!this.inside(gpa, 16)) throw new Error('descriptor outside memory');
    this.h32[gpa >> 2] = addr;
    this.h32[(gpa + 4) >> 2] = 0;
    this.h32[(gpa + 8) >> 2] = len;
    this.h16[(gpa + 12) >> 1] = flags;
    this.h16[(gpa + 14) >> 1] = next;
  }
}

class RingBases {
  constructor(
    readonly qs: number,
    readonly avail: number,
    readonly used: number,
  ) {}
}

class ObjectDriver {
  readonly xNext: Uint16Array;
  readonly xAddr: Float64Array;
  readonly xLen: Uint32Array;
  readonly xFlags: Uint16Array;
  readonly chainLen: Uint16Array;
  readonly headState: Uint8Array;
  readonly token: Float64Array;
  readonly writable: Float64Array;
  freeHead = 0;
  numFree: number;
  availShadow = 0;
  numAdded = 0;
  lastUsed = 0;
  inFlight = 0;
  lastUsedLen = 0;

  constructor(
    readonly mem: FlatMemory,
    readonly r: RingBases,
  ) {
    const qs = r.qs;
    this.xNext = new Uint16Array(qs);
    for (let i = 0; i < qs; i++) this.xNext[i] = (i + 1) & 0xffff;
    this.xAddr = new Float64Array(qs);
    this.xLen = new Uint32Array(qs);
    this.xFlags = new Uint16Array(qs);
    this.chainLen = new Uint16Array(qs);
    this.headState = new Uint8Array(qs);
    this.token = new Float64Array(qs);
    this.writable = new Float64Array(qs);
    this.numFree = qs;
  }

  add(out: readonly Buf[], inb: readonly Buf[], token: number): number {
    let writable = 0;
    for (let k = 0; k < out.length; k++) if (!this.mem.inside(out[k].addr, out[k].len)) throw new Error('add refused');
    for (let k = 0; k < inb.length; k++) {
      if (!this.mem.inside(inb[k].addr, inb[k].len)) throw new Error('add refused');
      writable += inb[k].len;
    }
    const total = out.length + inb.length;
    if (this.numFree < total) throw new Error('add refused');
    const head = this.freeHead;
    const i = this.writeList(inb, F_WRITE, this.writeList(out, 0, head, 0, total), out.length, total);
    this.freeHead = i;
    this.numFree -= total;
    this.chainLen[head] = total;
    this.headState[head] = 1;
    this.token[head] = token;
    this.writable[head] = writable;
    this.inFlight++;
    const r = this.r;
    this.mem.write16(r.avail + 4 + 2 * (this.availShadow & (r.qs - 1)), head);
    this.availShadow = (this.availShadow + 1) & 0xffff;
    this.mem.write16(r.avail + 2, this.availShadow);
    this.numAdded++;
    return head;
  }

  private writeList(list: readonly Buf[], write: number, i: number, k0: number, total: number): number {
    for (let b = 0, k = k0 + 1; b < list.length; b++, k++) {
      const flags = (k === total ? 0 : F_NEXT) | write;
      this.xAddr[i] = list[b].addr;
      this.xLen[i] = list[b].len;
      this.xFlags[i] = flags;
      this.mem.writeDescriptor(16 * i, list[b].addr, list[b].len, flags, this.xNext[i]);
      i = this.xNext[i];
    }
    return i;
  }

  needsKick(): boolean {
    const old = (this.availShadow - this.numAdded) & 0xffff;
    this.numAdded = 0;
    return needEvent(this.mem.read16(this.r.used + 4 + 8 * this.r.qs), this.availShadow, old);
  }

  reclaim(): number {
    const r = this.r;
    const usedIdx = this.mem.read16(r.used + 2);
    if (usedIdx === this.lastUsed) return -1;
    if (((usedIdx - this.lastUsed) & 0xffff) > this.inFlight) throw new Error('used index jumped');
    const at = r.used + 4 + 8 * (this.lastUsed & (r.qs - 1));
    const id = this.mem.read32(at);
    const len = this.mem.read32(at + 4);
    if (id >= r.qs || this.headState[id] !== 1 || len > this.writable[id]) throw new Error('bad used entry');
    this.lastUsedLen = len;
    this.inFlight--;
    let tail = id;
    for (let k = 1; k < this.chainLen[id]; k++) tail = this.xNext[tail];
    this.xNext[tail] = this.freeHead;
    this.freeHead = id;
    this.numFree += this.chainLen[id];
    this.headState[id] = 0;
    this.token[id] = 0;
    this.chainLen[id] = 0;
    this.writable[id] = 0;
    this.lastUsed = (this.lastUsed + 1) & 0xffff;
    this.mem.write16(r.avail + 4 + 2 * r.qs, this.lastUsed);
    return id;
  }
}

/** The walk, into the model's own column store (a plain class of typed arrays). */
function walkInto(mem: FlatMemory, qs: number, head: number, w: ChainWalk): void {
  let count = 0;
  let readableBytes = 0;
  let writableBytes = 0;
  let writables = 0;
  let i = head;
  for (let visited = 1; ; visited++) {
    const at = 16 * i;
    if (!mem.inside(at, 16)) throw new Error('descriptor outside memory');
    const addr = mem.h32[at >> 2] + mem.h32[(at + 4) >> 2] * 4294967296;
    const len = mem.h32[(at + 8) >> 2];
    const flags = mem.h16[(at + 12) >> 1];
    const next = mem.h16[(at + 14) >> 1];
    if (flags & F_INDIRECT || len === 0 || !mem.inside(addr, len)) throw new Error('bad descriptor');
    const isWrite = (flags & F_WRITE) !== 0;
    if (!isWrite && writables > 0) throw new Error('readable after writable');
    w.addr[count] = addr;
    w.len[count] = len;
    w.flags[count] = flags;
    w.next[count] = next;
    w.index[count] = i;
    count++;
    if (isWrite) {
      writables++;
      writableBytes += len;
    } else readableBytes += len;
    if (readableBytes + writableBytes > 4294967296) throw new Error('chain too long');
    if (!(flags & F_NEXT)) break;
    if (next >= qs || visited >= qs) throw new Error('bad next');
    i = next;
  }
  w.count = count;
  w.writableBytes = writableBytes;
}

class ObjectDevice {
  readonly held: Uint8Array;
  readonly heldWritable: Float64Array;
  readonly walk: ChainWalk;
  lastAvail = 0;
  usedIdx = 0;
  signalled = 0;
  signalledValid = false;
  inUse = 0;
  pending = 0;

  constructor(
    readonly mem: FlatMemory,
    readonly r: RingBases,
  ) {
    this.held = new Uint8Array(r.qs);
    this.heldWritable = new Float64Array(r.qs);
    this.walk = new ChainWalk(r.qs + 1);
  }

  popHead(): number {
    const r = this.r;
    const n = (this.mem.read16(r.avail + 2) - this.lastAvail) & 0xffff;
    if (n > r.qs || this.inUse >= r.qs) throw new Error('available ring is bad');
    if (n === 0) return -1;
    const head = this.mem.read16(r.avail + 4 + 2 * (this.lastAvail & (r.qs - 1)));
    if (head >= r.qs) throw new Error('head out of range');
    walkInto(this.mem, r.qs, head, this.walk);
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    this.inUse++;
    this.held[head]++;
    this.heldWritable[head] = this.walk.writableBytes;
    this.mem.write16(r.used + 4 + 8 * r.qs, this.lastAvail);
    return head;
  }

  fill(head: number, len: number): void {
    if (this.held[head] === 0 || len > this.heldWritable[head]) throw new Error('fill refused');
    const r = this.r;
    const at = r.used + 4 + 8 * ((this.usedIdx + this.pending) & (r.qs - 1));
    this.mem.write32(at, head);
    this.mem.write32(at + 4, len);
    this.pending++;
    this.held[head]--;
  }

  flush(): void {
    this.usedIdx = (this.usedIdx + this.pending) & 0xffff;
    this.inUse -= this.pending;
    if (this.pending > 0) this.mem.write16(this.r.used + 2, this.usedIdx);
    this.pending = 0;
  }

  needsInterrupt(): boolean {
    const old = this.signalled;
    const valid = this.signalledValid;
    this.signalled = this.usedIdx;
    this.signalledValid = true;
    return !valid || needEvent(this.mem.read16(this.r.avail + 4 + 2 * this.r.qs), this.usedIdx, old);
  }
}

/** One sample: ns per request. Throws if any check fails. */
function roundTrips(qs: number, batch: number, requests: number, h16: Uint16Array, h32: Uint32Array): number {
  h16.fill(0);
  const avail = 16 * qs;
  const used = (avail + 6 + 2 * qs + 3) & ~3;
  const out = (used + 6 + 8 * qs + 4095) & ~4095;
  const mem = new FlatMemory(h16, h32);
  const rings = new RingBases(qs, avail, used);
  const driver = new ObjectDriver(mem, rings);
  const device = new ObjectDevice(mem, rings);
  const outs = [{ addr: out, len: OUT }];
  const ins = [{ addr: out + 64, len: IN }];
  let sink = 0;
  let done = 0;
  const t0 = process.hrtime.bigint();
  while (done < requests) {
    for (let b = 0; b < batch; b++) driver.add(outs, ins, b);
    if (driver.needsKick()) sink++;
    for (let h = device.popHead(); h >= 0; h = device.popHead()) device.fill(h, IN);
    device.flush();
    if (device.needsInterrupt()) sink++;
    for (let id = driver.reclaim(); id >= 0; id = driver.reclaim()) {
      sink += driver.lastUsedLen;
      done++;
    }
  }
  const ns = Number(process.hrtime.bigint() - t0) / done;
  if (sink < 0) throw new Error('unreachable'); // keeps the work observable
  return ns;
}

/** Allocates the memory and warms the JIT; each `sample()` then runs `requestsPerSample` requests: ns per request. */
export function jsRingObjectsSampler(queueSize: number, batch: number, requestsPerSample: number): Sampler {
  const buffer = new ArrayBuffer(1 << 20);
  const h16 = new Uint16Array(buffer);
  const h32 = new Uint32Array(buffer);
  roundTrips(queueSize, batch, requestsPerSample, h16, h32); // warm up the JIT
  roundTrips(queueSize, batch, requestsPerSample, h16, h32);
  return { sample: () => roundTrips(queueSize, batch, requestsPerSample, h16, h32) };
}

/** `samples` samples in a row (one contender alone; `npm run bench` interleaves the samplers instead). */
export function jsRingObjects(queueSize: number, batch: number, requestsPerSample: number, samples: number): Spread {
  return collect(jsRingObjectsSampler(queueSize, batch, requestsPerSample), samples);
}
