/**
 * What a caller does once its RPC is over. The setup callers drive the client's start-up
 * (Mount, then the Channel RPCs, then ready); application callers think and go again.
 */
import { type Errno, MID, packetWindowBytes } from './constants';
import type { PoolContext } from './context';
import type { CallerState, ChannelState } from './types';

/** MIDs this model's gofer lists in its Mount response; Connect is deliberately missing. */
const SERVER_SUPPORTED: number[] = [
  MID.Mount,
  MID.Channel,
  MID.FStat,
  MID.SetStat,
  MID.Walk,
  MID.WalkStat,
  MID.OpenAt,
  MID.OpenCreateAt,
  MID.Close,
  MID.FSync,
  MID.PWrite,
  MID.PRead,
];

/**
 * The caller's RPC is over: count it, then decide what the caller does next. Setup callers
 * drive the client's start-up. Returns extra event text when the client became ready.
 */
export function finishRpc(ctx: PoolContext, c: CallerState, errno: Errno | null): string {
  const s = ctx.s;
  c.current = null;
  c.rpcsLeft--;
  if (errno) c.failed++;
  else c.completed++;
  c.status = 'done';
  if (c.role === 'mount') {
    if (errno) {
      s.phase = 'failed';
      return ' Mount failed, so the client never starts.';
    }
    s.maxMessageSize = ctx.config.serverMaxMessageSize;
    s.supported = [...SERVER_SUPPORTED];
    s.phase = 'creating-channels';
    const creators = s.callers.filter((x) => x.role === 'channel-creator');
    for (const cr of creators) ctx.sched.schedule(0, { t: 'issue', caller: cr.id });
    if (creators.length === 0) return becomeReady(ctx);
    return ` Mount set maxMessageSize to ${s.maxMessageSize} bytes; ${creators.length} Channel RPCs start in parallel.`;
  }
  if (c.role === 'channel-creator') {
    if (!errno) createChannel(ctx);
    const creators = s.callers.filter((x) => x.role === 'channel-creator');
    if (creators.every((x) => x.status === 'done')) {
      if (creators.some((x) => x.failed > 0)) {
        s.phase = 'failed';
        return ' A channel could not be created, and this version of the client fails as a whole.';
      }
      return becomeReady(ctx);
    }
    return errno ? '' : ` Channel ${s.channels.length - 1} now exists and sits on the stack.`;
  }
  // Application caller: a dead connection ends its work, otherwise think and go again.
  if (errno === 'ECONNRESET' || c.rpcsLeft <= 0) return '';
  c.status = 'thinking';
  ctx.sched.schedule(Math.round(ctx.workload.exp(ctx.config.thinkMeanNs)), { t: 'issue', caller: c.id });
  return '';
}

function becomeReady(ctx: PoolContext): string {
  const s = ctx.s;
  s.phase = 'ready';
  s.readyAt = ctx.sched.now;
  for (const a of s.callers) {
    if (a.role !== 'app' || a.rpcsLeft <= 0) continue;
    a.status = 'thinking';
    ctx.sched.schedule(Math.round(ctx.workload.exp(ctx.config.thinkMeanNs)), { t: 'issue', caller: a.id });
  }
  return ` The client is ready with ${s.channels.length} channel(s) of ${s.channels[0]?.packetWindow.bytes ?? 0}-byte windows.`;
}

function createChannel(ctx: PoolContext): void {
  const s = ctx.s;
  const id = s.channels.length;
  const ch: ChannelState = {
    id,
    status: 'available',
    deathReason: null,
    destroyed: false,
    word: 'client-active',
    holder: null,
    uses: 0,
    fdsDonated: 0,
    packetWindow: { bytes: packetWindowBytes(s.maxMessageSize), dataLen: 0, mid: null, numFDs: 0 },
    createdAt: ctx.sched.now,
  };
  s.channels.push(ch);
  // The data FD is mapped and closed at once; the fd socket stays open with the channel.
  s.fds.mappedWindows++;
  s.fds.channelFdSockets++;
  if (s.stack) s.stack.push(id);
}
