/**
 * A reference point for the model's round trip: the same work, step for step (the C ring
 * loop in native-bridge/csrc/bench_ring_loop.c, transliterated), written as one JavaScript function
 * over typed arrays that the caller allocated, with every value in a local variable. It is
 * not the model and nothing uses it but the benchmark: it separates what JavaScript costs
 * against C (this figure / the C loop) from what splitting the work into objects costs
 * (js-ring-objects.ts / this figure) and what the model adds beyond that.
 */
import { collect, type Sampler, type Spread } from './stats';

const OUT = 16;
const IN = 513;
const F_NEXT = 1;
const F_WRITE = 2;
const F_INDIRECT = 4;

function needEvent(ev: number, newIdx: number, old: number): boolean {
  return ((newIdx - ev - 1) & 0xffff) < ((newIdx - old) & 0xffff);
}

/** One sample: ns per request. Throws if any check a real device or driver makes fails. */
function roundTrips(
  qs: number,
  batch: number,
  requests: number,
  h16: Uint16Array,
  h32: Uint32Array,
  size: number,
): number {
  const avail = 16 * qs;
  const used = (avail + 6 + 2 * qs + 3) & ~3;
  const out = (used + 6 + 8 * qs + 4095) & ~4095;
  const inb = out + 64;
  const inside = (gpa: number, len: number) => gpa >= 0 && gpa + len <= size;
  h16.fill(0);
  // driver (Linux desc_extra, per-head state)
  const xNext = new Uint16Array(qs);
  const xAddr = new Float64Array(qs);
  const xLen = new Uint32Array(qs);
  const xFlags = new Uint16Array(qs);
  const chainLen = new Uint16Array(qs);
  const headState = new Uint8Array(qs);
  const token = new Float64Array(qs);
  const writable = new Float64Array(qs);
  for (let i = 0; i < qs; i++) xNext[i] = (i + 1) & 0xffff;
  let freeHead = 0;
  let numFree = qs;
  let availShadow = 0;
  let numAdded = 0;
  let lastUsed = 0;
  let inFlight = 0;
  // device (QEMU), and the walked chain
  const held = new Uint8Array(qs);
  const heldWritable = new Float64Array(qs);
  const wAddr = new Float64Array(qs + 1);
  const wLen = new Uint32Array(qs + 1);
  const wFlags = new Uint16Array(qs + 1);
  const wNext = new Uint16Array(qs + 1);
  const wIndex = new Uint16Array(qs + 1);
  let lastAvail = 0;
  let usedIdx = 0;
  let signalled = 0;
  let signalledValid = false;
  let inUse = 0;
  let pending = 0;
  let done = 0;
  let sink = 0;

  const t0 = process.hrtime.bigint();
  while (done < requests) {
    for (let b = 0; b < batch; b++) {
      if (!inside(out, OUT) || !inside(inb, IN) || numFree < 2) throw new Error('add refused');
      const head = freeHead;
      let i = head;
      for (let k = 0; k < 2; k++) {
        const addr = k === 0 ? out : inb;
        const len = k === 0 ? OUT : IN;
        const flags = k === 0 ? F_NEXT : F_WRITE;
        xAddr[i] = addr;
        xLen[i] = len;
        xFlags[i] = flags;
        const at = 16 * i;
        if (!inside(at, 16)) throw new Error('descriptor outside memory');
        h32[at >> 2] = addr;
        h32[(at + 4) >> 2] = 0;
        h32[(at + 8) >> 2] = len;
        h16[(at + 12) >> 1] = flags;
        h16[(at + 14) >> 1] = xNext[i];
        i = xNext[i];
      }
      freeHead = i;
      numFree -= 2;
      chainLen[head] = 2;
      headState[head] = 1;
      token[head] = b;
      writable[head] = IN;
      inFlight++;
      h16[(avail + 4 + 2 * (availShadow & (qs - 1))) >> 1] = head;
      availShadow = (availShadow + 1) & 0xffff;
      h16[(avail + 2) >> 1] = availShadow;
      numAdded++;
    }
    const oldAvail = (availShadow - numAdded) & 0xffff;
    numAdded = 0;
    if (needEvent(h16[(used + 4 + 8 * qs) >> 1], availShadow, oldAvail)) sink++;

    for (;;) {
      const n = (h16[(avail + 2) >> 1] - lastAvail) & 0xffff;
      if (n > qs || inUse >= qs) throw new Error('available ring is bad');
      if (n === 0) break;
      const head = h16[(avail + 4 + 2 * (lastAvail & (qs - 1))) >> 1];
      if (head >= qs) throw new Error('head out of range');
      let count = 0;
      let readableBytes = 0;
      let writableBytes = 0;
      let writables = 0;
      let i = head;
      for (let visited = 1; ; visited++) {
        const at = 16 * i;
        const addr = h32[at >> 2] + h32[(at + 4) >> 2] * 4294967296;
        const len = h32[(at + 8) >> 2];
        const flags = h16[(at + 12) >> 1];
        const next = h16[(at + 14) >> 1];
        if (flags & F_INDIRECT || len === 0 || !inside(addr, len)) throw new Error('bad descriptor');
        const isWrite = (flags & F_WRITE) !== 0;
        if (!isWrite && writables > 0) throw new Error('readable after writable');
        wAddr[count] = addr;
        wLen[count] = len;
        wFlags[count] = flags;
        wNext[count] = next;
        wIndex[count] = i;
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
      lastAvail = (lastAvail + 1) & 0xffff;
      inUse++;
      held[head]++;
      heldWritable[head] = writableBytes;
      h16[(used + 4 + 8 * qs) >> 1] = lastAvail;
      // fill
      if (held[head] === 0 || IN > heldWritable[head]) throw new Error('fill refused');
      const at = used + 4 + 8 * ((usedIdx + pending) & (qs - 1));
      h32[at >> 2] = head;
      h32[(at + 4) >> 2] = IN;
      pending++;
      held[head]--;
    }
    usedIdx = (usedIdx + pending) & 0xffff;
    inUse -= pending;
    if (pending > 0) h16[(used + 2) >> 1] = usedIdx;
    pending = 0;
    const oldUsed = signalled;
    const valid = signalledValid;
    signalled = usedIdx;
    signalledValid = true;
    if (!valid || needEvent(h16[(avail + 4 + 2 * qs) >> 1], usedIdx, oldUsed)) sink++;

    for (;;) {
      const ui = h16[(used + 2) >> 1];
      if (ui === lastUsed) break;
      if (((ui - lastUsed) & 0xffff) > inFlight) throw new Error('used index jumped');
      const at = used + 4 + 8 * (lastUsed & (qs - 1));
      const id = h32[at >> 2];
      const len = h32[(at + 4) >> 2];
      if (id >= qs || headState[id] !== 1 || len > writable[id]) throw new Error('bad used entry');
      sink += len + token[id];
      inFlight--;
      let tail = id;
      for (let k = 1; k < chainLen[id]; k++) tail = xNext[tail];
      xNext[tail] = freeHead;
      freeHead = id;
      numFree += chainLen[id];
      headState[id] = 0;
      token[id] = 0;
      chainLen[id] = 0;
      writable[id] = 0;
      lastUsed = (lastUsed + 1) & 0xffff;
      h16[(avail + 4 + 2 * qs) >> 1] = lastUsed;
      done++;
    }
  }
  const ns = Number(process.hrtime.bigint() - t0) / done;
  if (sink < 0) throw new Error('unreachable'); // keeps the work observable
  return ns;
}

/** Allocates the memory and warms the JIT; each `sample()` then runs `requestsPerSample` requests: ns per request. */
export function jsRingFloorSampler(queueSize: number, batch: number, requestsPerSample: number): Sampler {
  const size = 1 << 20;
  const buffer = new ArrayBuffer(size);
  const h16 = new Uint16Array(buffer);
  const h32 = new Uint32Array(buffer);
  roundTrips(queueSize, batch, requestsPerSample, h16, h32, size); // warm up the JIT
  roundTrips(queueSize, batch, requestsPerSample, h16, h32, size);
  return { sample: () => roundTrips(queueSize, batch, requestsPerSample, h16, h32, size) };
}

/** `samples` samples in a row (one contender alone; `npm run bench` interleaves the samplers instead). */
export function jsRingFloor(queueSize: number, batch: number, requestsPerSample: number, samples: number): Spread {
  return collect(jsRingFloorSampler(queueSize, batch, requestsPerSample), samples);
}
