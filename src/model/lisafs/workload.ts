/** The RPC each caller issues next: fixed for the setup callers, drawn from a mix for the app. */
import { CHANNEL_RPC_FDS, MID } from './constants';
import type { PoolContext } from './context';
import type { CallerState, Rpc } from './types';

/** What an application RPC looks like; weights are a plausible file-heavy mix. */
const APP_MIX: { mid: number; weight: number }[] = [
  { mid: MID.WalkStat, weight: 3 },
  { mid: MID.Walk, weight: 2 },
  { mid: MID.FStat, weight: 3 },
  { mid: MID.OpenAt, weight: 2 },
  { mid: MID.PRead, weight: 4 },
  { mid: MID.PWrite, weight: 3 },
  { mid: MID.Close, weight: 2 },
];
const MIX_TOTAL = APP_MIX.reduce((n, m) => n + m.weight, 0);

export function makeRpc(ctx: PoolContext, c: CallerState): Rpc {
  const w = ctx.workload;
  let mid: number;
  let reqBytes = 16;
  let respBytes = 16;
  let wantFDs = 0;
  if (c.role === 'mount') {
    mid = MID.Mount;
    reqBytes = 64;
    respBytes = 256;
  } else if (c.role === 'channel-creator') {
    mid = MID.Channel;
    reqBytes = 0;
    wantFDs = CHANNEL_RPC_FDS;
  } else {
    // Always draw the same number of values so one option never shifts another's draws.
    const rUnsupported = w.next();
    const rOversize = w.next();
    const rKind = w.next() * MIX_TOTAL;
    const data = Math.max(1, Math.round(w.exp(ctx.config.dataMeanBytes)));
    let acc = 0;
    mid = APP_MIX[APP_MIX.length - 1].mid;
    for (const m of APP_MIX) {
      acc += m.weight;
      if (rKind < acc) {
        mid = m.mid;
        break;
      }
    }
    const cap = ctx.s.maxMessageSize;
    if (mid === MID.PRead) respBytes = Math.min(data, cap);
    if (mid === MID.PWrite) reqBytes = Math.min(16 + data, cap);
    if (mid === MID.WalkStat || mid === MID.Walk) respBytes = 160;
    if (mid === MID.OpenAt) wantFDs = 1;
    if (rOversize < ctx.config.oversizeProb) {
      mid = MID.PWrite;
      reqBytes = cap + 1 + Math.floor(data % 4096);
      wantFDs = 0;
    }
    if (rUnsupported < ctx.config.unsupportedProb) mid = MID.Connect;
  }
  const serviceNs = Math.round(ctx.service.exp(ctx.config.serviceMeanNs));
  const serverError = ctx.faults.next() < ctx.config.serverErrorProb && c.role === 'app';
  const dies = ctx.faults.next() < ctx.config.channelDeathProb && c.role === 'app';
  return {
    seq: ctx.s.nextRpcSeq++,
    mid,
    reqBytes,
    respBytes,
    wantFDs,
    donateFDs: wantFDs,
    serviceNs,
    issuedAt: ctx.sched.now,
    startedAt: null,
    path: null,
    channel: null,
    fate: dies ? 'channel-dies' : serverError ? 'server-error' : 'ok',
    errno: null,
  };
}
