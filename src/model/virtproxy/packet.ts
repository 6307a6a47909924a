/**
 * Fixed-size packets on a byte stream, like virtproxy's VPPacket: every packet occupies exactly
 * PACKET_SIZE bytes whatever its payload length, so a reader that receives arbitrary chunks can
 * cut whole packets out of its buffer and keep the partial tail for the next read.
 *
 * Layout (little endian): magic u8 | op u8 | conn u8 | len u8 | buf_alloc u32 | fwd_cnt u32 |
 * reserved u32 | payload[PACKET_DATA]. The two u32 counters are virtio-vsock's credit fields,
 * carried by every packet; modes without flow control leave them 0.
 */
import { VirtproxyInvariantError } from './errors';

export const PACKET_SIZE = 64;
export const HEADER_SIZE = 16;
export const PACKET_DATA = PACKET_SIZE - HEADER_SIZE;
export const MAGIC = 0x56;

/** Data, and the two vsock credit control operations. */
export const OP_RW = 1;
export const OP_CREDIT_UPDATE = 2;
export const OP_CREDIT_REQUEST = 3;
export type PacketOp = typeof OP_RW | typeof OP_CREDIT_UPDATE | typeof OP_CREDIT_REQUEST;

export interface Packet {
  op: PacketOp;
  conn: number;
  bufAlloc: number;
  fwdCnt: number;
  payload: number[];
}

function putU32(out: number[], at: number, v: number): void {
  for (let i = 0; i < 4; i++) out[at + i] = (v >>> (8 * i)) & 0xff;
}

function getU32(b: number[], at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

export function encodePacket(p: Packet): number[] {
  if (p.payload.length > PACKET_DATA)
    throw new VirtproxyInvariantError('framing', `payload of ${p.payload.length} bytes does not fit a packet`);
  const out = new Array<number>(PACKET_SIZE).fill(0);
  out[0] = MAGIC;
  out[1] = p.op;
  out[2] = p.conn;
  out[3] = p.payload.length;
  putU32(out, 4, p.bufAlloc);
  putU32(out, 8, p.fwdCnt);
  for (let i = 0; i < p.payload.length; i++) out[HEADER_SIZE + i] = p.payload[i];
  return out;
}

/** Decode the first PACKET_SIZE bytes of `b`. */
export function decodePacket(b: number[]): Packet {
  if (b.length < PACKET_SIZE) throw new VirtproxyInvariantError('framing', 'decoding a partial packet');
  if (b[0] !== MAGIC)
    throw new VirtproxyInvariantError('framing', `bad magic ${b[0]}: the stream lost packet alignment`);
  const op = b[1];
  if (op !== OP_RW && op !== OP_CREDIT_UPDATE && op !== OP_CREDIT_REQUEST)
    throw new VirtproxyInvariantError('framing', `unknown op ${op}`);
  const len = b[3];
  if (len > PACKET_DATA) throw new VirtproxyInvariantError('framing', `length ${len} too large`);
  return {
    op,
    conn: b[2],
    bufAlloc: getU32(b, 4),
    fwdCnt: getU32(b, 8),
    payload: b.slice(HEADER_SIZE, HEADER_SIZE + len),
  };
}

/**
 * Reassembly: append a chunk to the reader's buffer and cut out every whole packet, keeping the
 * partial tail. (The model's demultiplexer does the same one packet per step, so that it can
 * block in the middle of a chunk; this helper is the whole-chunk form, used by tests.)
 */
export function reassemble(buffer: number[], chunk: number[]): { packets: Packet[]; rest: number[] } {
  const all = buffer.concat(chunk);
  const packets: Packet[] = [];
  let at = 0;
  while (all.length - at >= PACKET_SIZE) {
    packets.push(decodePacket(all.slice(at, at + PACKET_SIZE)));
    at += PACKET_SIZE;
  }
  return { packets, rest: all.slice(at) };
}

/** The byte a stream carries at a given offset: lets receivers detect loss and reordering. */
export function streamByte(conn: number, toGuest: boolean, offset: number): number {
  const x = Math.imul(offset + 1, 0x9e3779b1) ^ Math.imul(conn + 7, 0x85ebca6b) ^ (toGuest ? 0x5bd1e995 : 0);
  return (x ^ (x >>> 15) ^ (x >>> 23)) & 0xff;
}
