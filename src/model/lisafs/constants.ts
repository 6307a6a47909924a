/**
 * Protocol constants of the lisafs client as the model uses them. Numbers come from the
 * gVisor sources (see /work/shared/reference); the timing figures are the seed's benchmark
 * and are only defaults, every one of them is configurable in `PoolConfig`.
 */

/**
 * Message ids (MIDs). Numbering follows gVisor's lisafs message list; the model only needs
 * a subset. `Error` (0) is never sent by a client: it is what a server answers with when a
 * handler fails.
 */
export const MID = {
  Error: 0,
  Mount: 1,
  Channel: 2,
  FStat: 3,
  SetStat: 4,
  Walk: 5,
  WalkStat: 6,
  OpenAt: 7,
  OpenCreateAt: 8,
  Close: 9,
  FSync: 10,
  PWrite: 11,
  PRead: 12,
  Connect: 21,
} as const;

export type MidName = keyof typeof MID;

const MID_NAMES = new Map<number, MidName>(Object.entries(MID).map(([k, v]) => [v, k as MidName]));

export function midName(mid: number): string {
  return MID_NAMES.get(mid) ?? `MID ${mid}`;
}

/** Errors the model can produce, named as Linux names them. */
export type Errno = 'EIO' | 'EOPNOTSUPP' | 'EINVAL' | 'ECONNRESET' | 'ENOENT' | 'EACCES';

export const PAGE_SIZE = 4096;
/** flipcall's own header, at the start of every packet window */
export const FLIPCALL_HEADER_BYTES = 16;
/** lisafs's channel header after it: MID u16 | numFDs u8 | pad u8. */
export const CHANNEL_HEADER_BYTES = 4;
/** What gVisor's gofer announces in its Mount response: 2 MiB − 4 KiB. */
export const SERVER_MAX_MESSAGE_SIZE = 2 * 1024 * 1024 - 4096;
/** What the client assumes before Mount has told it the real limit. */
export const PRE_MOUNT_MAX_MESSAGE_SIZE = 1024 * 1024;
/** numFDs is a u8 in the channel header, so a request can ask for at most 255 FDs. */
export const MAX_WANTED_FDS = 255;
/** The Channel RPC donates two FDs: the packet window's memfd and the channel's fd socket. */
export const CHANNEL_RPC_FDS = 2;

/** Seed benchmark (AMD EPYC 7B13): one lisafs channel round trip, rounded. */
export const DEFAULT_CHANNEL_RTT_NS = 854;
/**
 * The seeds give no figure for lisafs over its socket; 9P's legacy socket round trip
 * (14053 ns/op) is the closest measured stand-in, so it is the default.
 */
export const DEFAULT_SOCKET_RTT_NS = 14053;

/** Channels per connection: clamp(GOMAXPROCS, 2, 4), the same rule 9P's flipcall transport used. */
export function defaultChannelCount(gomaxprocs: number): number {
  return Math.min(4, Math.max(2, Math.floor(gomaxprocs)));
}

/** A packet window holds both headers plus one maximum-size message, rounded up to whole pages. */
export function packetWindowBytes(maxMessageSize: number): number {
  const raw = FLIPCALL_HEADER_BYTES + CHANNEL_HEADER_BYTES + maxMessageSize;
  return Math.ceil(raw / PAGE_SIZE) * PAGE_SIZE;
}
