/** Plain-data state of the multiplexing model: everything here is structuredClone-able. */
import type { PrngState } from '../sim/prng';
import type { SchedulerState } from '../sim/scheduler';
import type { CreditState } from './credit';
import type { Side } from './workload';

/**
 * `shared`: one channel, one blocking demultiplexer per direction, no flow control (virtproxy).
 * `ports`: a dedicated channel and reader per connection and direction (virtio-serial ports).
 * `credit`: one channel, but per-connection credit as in virtio-vsock, so the reader never blocks.
 */
export type MuxMode = 'shared' | 'ports' | 'credit';

export interface VirtproxyConfig {
  mode: MuxMode;
  /** Size of every process socket buffer, each way; in credit mode also the advertised buf_alloc. */
  sockBufBytes: number;
  /** Bytes a channel (or a port) buffers in each direction. */
  laneBytes: number;
  /** One read from the channel returns between 1 and this many bytes. */
  chunkMaxBytes: number;
  /** Each process or proxy action takes 1..max virtual ns; the randomness shuffles interleavings. */
  procDelayMaxNs: number;
  proxyDelayMaxNs: number;
  /** Credit mode: the model's VIRTIO_VSOCK_MAX_PKT_BUF_SIZE in the credit-update rule. */
  creditLowWater: number;
}

export interface Endpoint {
  /** Written by the local process, not yet taken by the multiplexer. */
  tx: number[];
  /** Delivered by the demultiplexer, not yet read by the local process. */
  rx: number[];
  /** Bytes the local process has written in total. */
  sent: number;
  /** Of those, bytes the multiplexer has put on the channel. */
  muxed: number;
  /** Bytes from the peer delivered into `rx` in total. */
  delivered: number;
  /** Of those, bytes the local process has read. */
  read: number;
  credit: CreditState;
}

export interface ConnState {
  host: Endpoint;
  guest: Endpoint;
}

/** One direction of one byte stream between the proxies (the channel, or one port of it). */
export interface Lane {
  id: string;
  from: Side;
  conns: number[];
  /** Bytes written by the sending multiplexer, not yet read by the demultiplexer. */
  bytes: number[];
  /** Round-robin position of the multiplexer among `conns`. */
  rr: number;
  /** Bytes the demultiplexer has read but not yet cut into packets (a partial packet at most, once drained). */
  buf: number[];
  /** Payload the demultiplexer is stuck writing into a full socket buffer. */
  pending: { conn: number; data: number[] } | null;
  blockedSince: number | null;
  blockedNs: number;
}

export interface ProcState {
  name: string;
  side: Side;
  pc: number;
  /** Bytes done of the current send/recv. */
  progress: number;
  status: 'ready' | 'sleeping' | 'done';
  /** Local signals received, as "from:label". */
  signals: string[];
}

export type VpPayload = { agent: string };

export interface WaitEdge {
  from: string;
  to: string;
  reason: string;
}

export interface DeadlockInfo {
  /** Every blocked agent's wait, for display. */
  edges: WaitEdge[];
  /** The cycle, in order (last edge leads back to the first node). */
  cycle: WaitEdge[];
}

export interface VpStats {
  dataPackets: number;
  controlPackets: number;
  creditUpdates: number;
  creditRequests: number;
  chunks: number;
}

export interface VirtproxyState {
  step: number;
  outcome: 'running' | 'complete' | 'deadlock';
  finishedAt: number | null;
  sched: SchedulerState<VpPayload>;
  timingRng: PrngState;
  chunkRng: PrngState;
  conns: ConnState[];
  lanes: Lane[];
  procs: ProcState[];
  scheduled: Record<string, boolean>;
  deadlock: DeadlockInfo | null;
  stats: VpStats;
}

export type VpEventKind =
  | 'send'
  | 'recv'
  | 'signal'
  | 'await-done'
  | 'sleep'
  | 'wake'
  | 'proc-done'
  | 'mux-packet'
  | 'demux-read'
  | 'demux-packet'
  | 'demux-deliver'
  | 'complete'
  | 'deadlock';

export interface VpEvent {
  step: number;
  time: number;
  kind: VpEventKind;
  agent?: string;
  conn?: number;
  bytes?: number;
  /** The demultiplexer could not deliver everything and now blocks. */
  blocked?: boolean;
  deadlock?: DeadlockInfo;
  text: string;
}
