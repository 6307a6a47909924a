// Raw shapes of the lisafs pool binding (csrc/bind_lisafs.cc). The friendly wrapper is pool.ts.

export interface LisafsPoolOptions {
  /** Channels (0..64). 0 = socket only. Default 2 (the model's clamp(GOMAXPROCS, 2, 4) on a 2-CPU box). */
  channels?: number;
  /** Packet window size, a multiple of 4096; maxMessageSize = windowBytes − 20. Default 2 MiB (gVisor's). */
  windowBytes?: number;
  /** Polls of the handoff word before FUTEX_WAIT, on both sides. Default 0: pure futex, like flipcall. */
  spin?: number;
}

/** A successful RPC: the response payload and where it went (channel index, or -1 for the socket). */
export interface LisafsResult {
  data: Buffer;
  route: number;
}

export type LisafsChannelStatus = 'available' | 'active' | 'dead';
export type LisafsDeathReason = 'transport-error' | 'shutdown' | 'pool-closed';
export type LisafsHandoffWord = 'client-active' | 'server-active' | 'shutdown';

export interface LisafsChannelStats {
  id: number;
  status: LisafsChannelStatus;
  deathReason: LisafsDeathReason | null;
  /** The shared state word read live from the window ('shutdown' once unmapped). */
  word: LisafsHandoffWord;
  uses: number;
  mapped: boolean;
  /** The packet header as last written (like the model's PacketWindow). */
  window: { bytes: number; dataLen: number; mid: number; numFDs: number };
}

export interface LisafsPoolStats {
  channels: LisafsChannelStats[];
  /** Available channels, bottom → top (the next pop); null once the watchdog threw the stack away. */
  stack: number[] | null;
  active: number;
  socketUsers: number;
  calls: number;
  errors: number;
  socketUses: number;
  /** FDs the gofer donated over the socket (one memfd per Channel RPC). */
  fdsDonated: number;
  /** Channel of the latest finished call, -1 for the socket, -2 before any. */
  lastRoute: number;
  phase: 'open' | 'shutting-down' | 'destroyed';
  reason: 'hangup' | 'closed' | 'poll-error' | null;
  maxMessageSize: number;
  windowBytes: number;
  /** MIDs the gofer listed in its Mount response; the client refuses the others (EOPNOTSUPP). */
  supportedMids: number[];
}

export interface NativeLisafsPool {
  call(mid: number, payload?: ArrayBufferView | null): LisafsResult;
  callInto(mid: number, payload: ArrayBufferView | null, out: ArrayBufferView): number;
  callAsync(mid: number, payload?: ArrayBufferView | null): Promise<LisafsResult>;
  stats(): LisafsPoolStats;
  killChannel(channel: number): void;
  hangup(): void;
  waitDestroyed(timeoutMs?: number): boolean;
  close(): LisafsPoolStats | null;
}

export interface LisafsCBenchOptions {
  /** 1: every RPC over one channel; 0: every RPC over the socket. */
  channels?: 0 | 1;
  spin?: number;
  /** 0: FStat (4-byte request, 24-byte answer); else a PRead of this many bytes. */
  readBytes?: number;
  iterations?: number;
  repeats?: number;
}

export interface LisafsCBenchResult {
  /** Median over repeats of ns per round trip. */
  nsPerRoundTrip: number;
  iterations: number;
  channelCalls: number;
  socketCalls: number;
  samples: number[];
}

export interface LisafsConstants {
  pageSize: number;
  flipcallHeaderBytes: number;
  channelHeaderBytes: number;
  serverMaxMessageSize: number;
  maxWantedFds: number;
  maxChannels: number;
  handoff: Record<LisafsHandoffWord, number>;
  mid: Record<string, number>;
}

export interface LisafsNative {
  LisafsPool: new (options?: LisafsPoolOptions) => NativeLisafsPool;
  benchLisafsC(options?: LisafsCBenchOptions): LisafsCBenchResult;
  lisafsConstants: LisafsConstants;
}
