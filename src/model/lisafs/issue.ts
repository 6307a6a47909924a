/**
 * A caller issues its next RPC: the client may refuse it outright; otherwise it pops a channel
 * off the stack, and when the stack is empty it falls back to the socket under sockMu.
 */
import { checkRequest } from './checks';
import { CHANNEL_HEADER_BYTES, midName } from './constants';
import { type PoolEventBody, type PoolContext, copyNs, describeCaller, ev } from './context';
import { clientSend } from './flipcall';
import { finishRpc } from './lifecycle';
import { recordLatency } from './measure';
import { popChannel } from './pool';
import { takeSocket } from './socket-rpc';
import { makeRpc } from './workload';

export function issue(ctx: PoolContext, callerId: number): PoolEventBody {
  const s = ctx.s;
  const c = s.callers[callerId];
  const rpc = makeRpc(ctx, c);
  c.current = rpc;
  const who = describeCaller(c);
  const rejected = checkRequest(s.supported, s.maxMessageSize, {
    mid: rpc.mid,
    payloadLen: rpc.reqBytes,
    wantFDs: rpc.wantFDs,
  });
  if (rejected) {
    rpc.errno = rejected;
    recordLatency(ctx, c, 'rejected');
    finishRpc(ctx, c, rejected);
    const why =
      rejected === 'EOPNOTSUPP'
        ? `the server never listed ${midName(rpc.mid)} as supported in its Mount reply`
        : rejected === 'EIO'
          ? `its ${rpc.reqBytes}-byte payload is larger than maxMessageSize (${s.maxMessageSize} bytes)`
          : `it asks for ${rpc.wantFDs} FDs, more than the header's 8-bit count allows`;
    return ev(
      'rpc-rejected',
      `${who} wanted to send ${midName(rpc.mid)}, but the client refused with ${rejected} before using any channel: ${why}.`,
      {
        caller: c.id,
        mid: rpc.mid,
        errno: rejected,
      },
    );
  }

  const id = popChannel(s, c.id);
  if (id !== null) {
    const ch = s.channels[id];
    rpc.path = 'channel';
    rpc.channel = id;
    rpc.startedAt = ctx.sched.now;
    c.status = 'on-channel';
    ch.word = clientSend(ch.word);
    ch.packetWindow.dataLen = CHANNEL_HEADER_BYTES + rpc.reqBytes;
    ch.packetWindow.mid = rpc.mid;
    ch.packetWindow.numFDs = 0; // requests never carry FDs
    const delay = ctx.config.channelRttNs + copyNs(ctx, rpc.reqBytes + rpc.respBytes, 1) + rpc.serviceNs;
    if (rpc.fate === 'channel-dies')
      ctx.sched.schedule(delay, { t: 'channel-fail', caller: c.id, channel: id, reason: 'transport-error' });
    else ctx.sched.schedule(delay, { t: 'server-done', caller: c.id, channel: id });
    return ev(
      'channel-acquired',
      `${who} popped channel ${id} off the top of the stack (its use #${ch.uses}), wrote ${midName(rpc.mid)} into the shared window and flipped the state word to server-active, waking the gofer.`,
      { caller: c.id, channel: id, mid: rpc.mid },
    );
  }

  rpc.path = 'socket';
  const sock = s.socket;
  const why =
    s.stack === null
      ? 'the pool has been shut down'
      : s.channels.length === 0
        ? 'no channels exist yet'
        : 'every channel is busy or dead';
  if (sock.holder === null) {
    takeSocket(ctx, c);
    return ev(
      'socket-acquired',
      `${who} found no free channel (${why}), so it took the socket mutex and sent ${midName(rpc.mid)} over the socket.`,
      {
        caller: c.id,
        mid: rpc.mid,
      },
    );
  }
  c.status = 'waiting-socket';
  sock.queue.push(c.id);
  return ev(
    'socket-wait',
    `${who} found no free channel (${why}) and the socket is in use by caller ${sock.holder}, so it blocks on the socket mutex (position ${sock.queue.length} in line).`,
    { caller: c.id, mid: rpc.mid },
  );
}
