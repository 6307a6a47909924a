/**
 * Plain-data shapes of the channel-pool model: configuration, the full state (which is all a
 * snapshot needs besides the scheduler queue and PRNG states) and the events a step emits.
 * Everything here is JSON-able so a UI can store, diff and replay it.
 */
import type { Errno } from './constants';
import type { HandoffWord } from './flipcall';

export interface PoolConfig {
  seed: number;
  /** Used for the default channel count, clamp(GOMAXPROCS, 2, 4). */
  gomaxprocs: number;
  /** Override the channel count (≥ 0; 0 means socket-only). */
  channels?: number;
  /** Application callers (sentry goroutines issuing RPCs). */
  callers: number;
  /** RPCs each caller issues before it is done. */
  rpcsPerCaller: number;
  /** Mean think time between a caller's RPCs (exponential). */
  thinkMeanNs: number;
  /** Mean time the gofer spends in a handler (exponential). */
  serviceMeanNs: number;
  /** Mean request payload of a PWrite and response payload of a PRead (exponential). */
  dataMeanBytes: number;
  /** Fixed cost of one round trip over a channel (futex handoff, no syscall for data). */
  channelRttNs: number;
  /** Fixed cost of one round trip over the socket (sendmsg/recvmsg both ways). */
  socketRttNs: number;
  /** Copy cost per KiB of payload; the socket path copies twice (into and out of the kernel). */
  copyNsPerKiB: number;
  /** Probability that a channel RPC hits a transport error, killing the channel. */
  channelDeathProb: number;
  /** Probability that a request names a MID the server did not list in Mount. */
  unsupportedProb: number;
  /** Probability that a request's payload exceeds maxMessageSize. */
  oversizeProb: number;
  /** Probability that the handler fails (the server answers with MID 0, Error). */
  serverErrorProb: number;
  /** Virtual time at which the gofer hangs up the socket; null for never. */
  hangupAtNs: number | null;
  /** maxMessageSize the server announces in its Mount response. */
  serverMaxMessageSize: number;
}

export type ChannelStatus = 'available' | 'active' | 'dead';
export type DeathReason = 'transport-error' | 'shutdown' | 'pool-closed';

export interface PacketWindow {
  /** Size of the shared-memory window (memfd mapping), page aligned. */
  bytes: number;
  /** connState is the handoff word; dataLen, MID and numFDs mirror the packet header. */
  dataLen: number;
  mid: number | null;
  numFDs: number;
}

export interface ChannelState {
  id: number;
  status: ChannelStatus;
  deathReason: DeathReason | null;
  /** Set by the watchdog's final step: the mapping and the fd socket are gone. */
  destroyed: boolean;
  word: HandoffWord;
  /** Caller currently holding the channel (only when active). */
  holder: number | null;
  /** How many RPCs went through this channel: the LIFO stack keeps the top one hot. */
  uses: number;
  fdsDonated: number;
  packetWindow: PacketWindow;
  createdAt: number;
}

export type CallerRole = 'mount' | 'channel-creator' | 'app';
export type CallerStatus = 'idle' | 'thinking' | 'waiting-socket' | 'on-socket' | 'on-channel' | 'done';

export interface Rpc {
  seq: number;
  mid: number;
  reqBytes: number;
  respBytes: number;
  wantFDs: number;
  /** FDs the server will donate with its reply. */
  donateFDs: number;
  serviceNs: number;
  issuedAt: number;
  /** When the caller got the socket mutex (socket path only). */
  startedAt: number | null;
  path: 'channel' | 'socket' | null;
  channel: number | null;
  /** Decided when the RPC is issued, from the fault stream, so replays are exact. */
  fate: 'ok' | 'server-error' | 'channel-dies';
  errno: Errno | null;
}

export interface CallerState {
  id: number;
  role: CallerRole;
  status: CallerStatus;
  rpcsLeft: number;
  current: Rpc | null;
  completed: number;
  failed: number;
  /** Host FDs this caller received (e.g. from OpenAt); the caller owns them now. */
  fdsReceived: number;
}

export interface SocketState {
  /** Caller holding sockMu, i.e. using the socket right now. */
  holder: number | null;
  /** Callers blocked on sockMu, in arrival order. */
  queue: number[];
  hungUp: boolean;
  destroyed: boolean;
  uses: number;
  fdsDonated: number;
}

export type WatchdogPhase = 'polling' | 'waiting-for-users' | 'destroyed';

export interface WatchdogState {
  phase: WatchdogPhase;
  firedAt: number | null;
  destroyedAt: number | null;
}

export interface LatencySample {
  seq: number;
  caller: number;
  mid: number;
  path: 'channel' | 'socket' | 'rejected';
  issuedAt: number;
  doneAt: number;
  latencyNs: number;
  /** Time spent blocked on sockMu before the socket was ours. */
  mutexWaitNs: number;
  errno: Errno | null;
}

export interface OccupancySample {
  time: number;
  available: number;
  active: number;
  dead: number;
  socketBusy: number;
  socketQueue: number;
}

/** FDs the client holds for its transport; all must be zero once the watchdog is done. */
export interface ClientFds {
  socket: number;
  channelFdSockets: number;
  mappedWindows: number;
}

export type ClientPhase = 'mounting' | 'creating-channels' | 'ready' | 'failed' | 'closed';

export interface PoolState {
  phase: ClientPhase;
  /** When NewClient returned: Mount done and every channel created. */
  readyAt: number | null;
  maxMessageSize: number;
  /** MIDs the client believes the server supports (from Mount). */
  supported: number[];
  channelTarget: number;
  channels: ChannelState[];
  /** availableChannels: bottom first, top last. null once the watchdog has emptied the pool. */
  stack: number[] | null;
  /** activeWg: channels popped and not yet released. */
  activeCount: number;
  socket: SocketState;
  watchdog: WatchdogState;
  callers: CallerState[];
  fds: ClientFds;
  nextRpcSeq: number;
  latency: LatencySample[];
  occupancy: OccupancySample[];
}

/** Work queued in virtual time. */
export type PoolTask =
  | { t: 'issue'; caller: number }
  | { t: 'server-done'; caller: number; channel: number }
  | { t: 'channel-fail'; caller: number; channel: number; reason: 'transport-error' | 'shutdown' }
  | { t: 'release'; caller: number; channel: number }
  | { t: 'socket-done'; caller: number }
  | { t: 'hangup' }
  | { t: 'watchdog-shutdown' }
  | { t: 'watchdog-destroy' };

export type PoolEventKind =
  | 'rpc-rejected'
  | 'channel-acquired'
  | 'socket-acquired'
  | 'socket-wait'
  | 'server-replied'
  | 'channel-died'
  | 'channel-released'
  | 'socket-replied'
  | 'socket-failed'
  | 'client-ready'
  | 'hangup'
  | 'watchdog-shutdown'
  | 'watchdog-destroy';

export interface PoolEvent {
  step: number;
  time: number;
  kind: PoolEventKind;
  caller?: number;
  channel?: number;
  mid?: number;
  errno?: Errno | null;
  /** Stack bottom→top after the step, so a view can animate pushes and pops. */
  stack: number[] | null;
  text: string;
}
