/**
 * Meaning of the QEMU trace events the importer understands. Arguments are read by key,
 * not by position: QEMU's format strings are `key value key value …` and have gained or
 * lost fields across versions (e.g. virtio_blk_rw_complete had no `vdev` before 2.x), so
 * extra fields are ignored and only the ones reconstruction needs are required.
 *
 * Any event not listed here decodes to `{ kind: 'other' }` and is kept as an annotation.
 */

import { TraceParseError, excerpt } from '../errors';
import type { TraceLine } from './parse-line';

export type QemuEvent =
  | { kind: 'alloc'; elem: string; size: number }
  | { kind: 'pop'; vq: string; elem: string; inNum: number; outNum: number }
  | { kind: 'fill'; vq: string; elem: string; len: number; idx: number }
  | { kind: 'flush'; vq: string; count: number }
  | { kind: 'kick'; vdev: string; n: number; vq: string }
  | { kind: 'interrupt'; vdev: string; vq: string }
  | { kind: 'status'; vdev: string; val: number }
  | { kind: 'blk-request'; vdev: string; req: string; op: string; sector?: number; nsectors?: number }
  | { kind: 'blk-complete'; req: string; status: number }
  | { kind: 'blk-rw-complete'; req: string; ret: number }
  | { kind: 'other' };

/** Events that mean "the device raised the queue's interrupt" across QEMU versions. */
export const INTERRUPT_EVENTS: ReadonlySet<string> = new Set([
  'virtio_notify',
  'virtio_notify_irqfd',
  'virtio_notify_irqfd_deferred_fn', // QEMU ≥ 9.0 defers the irqfd write
]);

type FieldType = 'ptr' | 'uint' | 'int';

const MAX_POINTER_DIGITS = 16; // 64-bit

function typeName(t: FieldType): string {
  return t === 'ptr' ? '<pointer>' : t === 'uint' ? '<unsigned number>' : '<number>';
}

/**
 * Reads `key value` fields out of the argument text without splitting it: token bounds go
 * into reused typed arrays and numbers are parsed in place, so decoding a line allocates
 * only the pointer strings it returns. Blanks of any length separate tokens.
 */
class FieldReader {
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);
  private n = 0;
  private args = '';
  private ev!: TraceLine;

  reset(ev: TraceLine): this {
    this.ev = ev;
    this.args = ev.args;
    const a = ev.args;
    let n = 0;
    let i = 0;
    const len = a.length;
    while (i < len) {
      while (i < len && (a.charCodeAt(i) === 32 || a.charCodeAt(i) === 9)) i++;
      if (i >= len) break;
      const st = i;
      while (i < len && a.charCodeAt(i) !== 32 && a.charCodeAt(i) !== 9) i++;
      if (n === this.starts.length) {
        const grow = (x: Int32Array) => {
          const y = new Int32Array(x.length * 2);
          y.set(x);
          return y;
        };
        this.starts = grow(this.starts);
        this.ends = grow(this.ends);
      }
      this.starts[n] = st;
      this.ends[n] = i;
      n++;
    }
    this.n = n;
    return this;
  }

  /** Index of the value token after `key`, or -1. */
  private find(key: string): number {
    const a = this.args;
    // Keys sit at even positions in well-formed lines; checking every position also copes
    // with a version that inserts a bare word, at no cost for the usual 4–8 tokens.
    for (let i = 0; i + 1 < this.n; i++) {
      if (this.ends[i] - this.starts[i] === key.length && a.startsWith(key, this.starts[i])) return i + 1;
    }
    return -1;
  }

  private bad(expected: string, found: string): never {
    throw new TraceParseError(this.ev.line, expected, excerpt(found), this.ev.name);
  }

  get(key: string, type: 'ptr'): string;
  get(key: string, type: 'uint' | 'int'): number;
  get(key: string, type: FieldType): string | number {
    const t = this.find(key);
    if (t < 0) return this.bad(`\`${key} ${typeName(type)}\``, this.args);
    const r = parseValueAt(this.args, this.starts[t], this.ends[t], type);
    if (r === undefined)
      return this.bad(`${typeName(type)} after \`${key}\``, this.args.slice(this.starts[t], this.ends[t]));
    return r;
  }

  /** Like get, but absent or unparsable → undefined (fields of events we only annotate). */
  opt(key: string, type: 'uint' | 'int'): number | undefined {
    const t = this.find(key);
    if (t < 0) return undefined;
    const r = parseValueAt(this.args, this.starts[t], this.ends[t], type);
    return typeof r === 'number' ? r : undefined;
  }
}

/** Parses one value; undefined when malformed or out of the exactly representable range. */
export function parseValue(v: string, type: FieldType): string | number | undefined {
  return parseValueAt(v, 0, v.length, type);
}

function parseValueAt(s: string, from: number, to: number, type: FieldType): string | number | undefined {
  const len = to - from;
  if (type === 'ptr') {
    if (len === 5 && s.startsWith('(nil)', from)) return '0x0'; // glibc prints NULL %p this way
    if (len < 3 || len > 2 + MAX_POINTER_DIGITS || s.charCodeAt(from) !== 48) return undefined;
    const x = s.charCodeAt(from + 1);
    if (x !== 120 && x !== 88) return undefined;
    let upper = x === 88;
    for (let i = from + 2; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c >= 65 && c <= 70) upper = true;
      else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
    }
    // Pointers are map keys: one spelling per address.
    const v = from === 0 && to === s.length ? s : s.slice(from, to);
    return upper ? v.toLowerCase() : v;
  }
  let i = from;
  let neg = false;
  if (type === 'int' && s.charCodeAt(i) === 45) {
    neg = true;
    i++;
  }
  if (i >= to || to - i > 16) return undefined;
  let n = 0;
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    n = n * 10 + (c - 48);
  }
  if (n > Number.MAX_SAFE_INTEGER) return undefined;
  return neg ? -n : n;
}

const reader = new FieldReader();

/** Decodes a parsed line; throws TraceParseError when a known event lacks a needed field. */
export function decodeEvent(ev: TraceLine): QemuEvent {
  const name = ev.name;
  switch (name) {
    case 'virtqueue_alloc_element': {
      const f = reader.reset(ev);
      return { kind: 'alloc', elem: f.get('elem', 'ptr'), size: f.get('size', 'uint') };
    }
    case 'virtqueue_pop': {
      const f = reader.reset(ev);
      return {
        kind: 'pop',
        vq: f.get('vq', 'ptr'),
        elem: f.get('elem', 'ptr'),
        inNum: f.get('in_num', 'uint'),
        outNum: f.get('out_num', 'uint'),
      };
    }
    case 'virtqueue_fill': {
      const f = reader.reset(ev);
      return {
        kind: 'fill',
        vq: f.get('vq', 'ptr'),
        elem: f.get('elem', 'ptr'),
        len: f.get('len', 'uint'),
        idx: f.get('idx', 'uint'),
      };
    }
    case 'virtqueue_flush': {
      const f = reader.reset(ev);
      return { kind: 'flush', vq: f.get('vq', 'ptr'), count: f.get('count', 'uint') };
    }
    case 'virtio_queue_notify': {
      const f = reader.reset(ev);
      return { kind: 'kick', vdev: f.get('vdev', 'ptr'), n: f.get('n', 'int'), vq: f.get('vq', 'ptr') };
    }
    case 'virtio_set_status': {
      const f = reader.reset(ev);
      return { kind: 'status', vdev: f.get('vdev', 'ptr'), val: f.get('val', 'uint') };
    }
    case 'virtio_blk_req_complete': {
      const f = reader.reset(ev);
      return { kind: 'blk-complete', req: f.get('req', 'ptr'), status: f.get('status', 'int') };
    }
    case 'virtio_blk_rw_complete': {
      const f = reader.reset(ev);
      return { kind: 'blk-rw-complete', req: f.get('req', 'ptr'), ret: f.get('ret', 'int') };
    }
    case 'virtio_blk_handle_read':
    case 'virtio_blk_handle_write': {
      const f = reader.reset(ev);
      return {
        kind: 'blk-request',
        vdev: f.get('vdev', 'ptr'),
        req: f.get('req', 'ptr'),
        op: name === 'virtio_blk_handle_read' ? 'read' : 'write',
        sector: f.get('sector', 'uint'),
        nsectors: f.get('nsectors', 'uint'),
      };
    }
    default:
      if (INTERRUPT_EVENTS.has(name)) {
        const f = reader.reset(ev);
        return { kind: 'interrupt', vdev: f.get('vdev', 'ptr'), vq: f.get('vq', 'ptr') };
      }
      // Newer request kinds (zone_report, zone_mgmt, zone_append, …) share the
      // virtio_blk_handle_<op> naming; take what is there, require nothing.
      if (name.startsWith('virtio_blk_handle_') && ev.args.includes('req ')) {
        const f = reader.reset(ev);
        let vdev: string;
        let req: string;
        try {
          vdev = f.get('vdev', 'ptr');
          req = f.get('req', 'ptr');
        } catch {
          return { kind: 'other' };
        }
        return {
          kind: 'blk-request',
          vdev,
          req,
          op: name.slice('virtio_blk_handle_'.length),
          sector: f.opt('sector', 'uint'),
          nsectors: f.opt('nsectors', 'uint'),
        };
      }
      return { kind: 'other' };
  }
}

/** The vdev pointer an otherwise unknown event mentions, if any (to group annotations). */
export function mentionedDevice(args: string): string | undefined {
  let start: number;
  if (args.startsWith('vdev ')) start = 5;
  else {
    const j = args.indexOf(' vdev ');
    if (j < 0) return undefined;
    start = j + 6;
  }
  let end = args.indexOf(' ', start);
  if (end < 0) end = args.length;
  const v = parseValue(args.slice(start, end), 'ptr');
  return typeof v === 'string' ? v : undefined;
}

const DEVICE_KINDS = [
  'blk',
  'net',
  'scsi',
  'serial',
  'console',
  'gpu',
  'balloon',
  'rng',
  'input',
  'fs',
  'vsock',
  'iommu',
  'mem',
  'pmem',
  'crypto',
  'snd',
  'i2c',
  'gpio',
];

/** "virtio-blk" for virtio_blk_* events etc.; transports (mmio/pci) are not device kinds. */
export function deviceKindOf(eventName: string): string | undefined {
  if (!eventName.startsWith('virtio_')) return undefined;
  const end = eventName.indexOf('_', 7);
  if (end < 0) return undefined;
  const k = eventName.slice(7, end);
  if (!DEVICE_KINDS.includes(k)) return undefined;
  return `virtio-${k}`;
}
