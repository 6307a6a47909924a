/** Defaults for PoolConfig, and the resolution of the channel count. */
import {
  DEFAULT_CHANNEL_RTT_NS,
  DEFAULT_SOCKET_RTT_NS,
  SERVER_MAX_MESSAGE_SIZE,
  defaultChannelCount,
} from './constants';
import type { PoolConfig } from './types';

export const DEFAULT_POOL_CONFIG: PoolConfig = {
  seed: 1,
  gomaxprocs: 8,
  callers: 3,
  rpcsPerCaller: 20,
  thinkMeanNs: 5_000,
  serviceMeanNs: 2_000,
  dataMeanBytes: 4096,
  channelRttNs: DEFAULT_CHANNEL_RTT_NS,
  socketRttNs: DEFAULT_SOCKET_RTT_NS,
  copyNsPerKiB: 100,
  channelDeathProb: 0,
  unsupportedProb: 0,
  oversizeProb: 0,
  serverErrorProb: 0,
  hangupAtNs: null,
  serverMaxMessageSize: SERVER_MAX_MESSAGE_SIZE,
};

export function resolvePoolConfig(partial: Partial<PoolConfig>): PoolConfig {
  const c = { ...DEFAULT_POOL_CONFIG, ...partial };
  for (const k of ['channelDeathProb', 'unsupportedProb', 'oversizeProb', 'serverErrorProb'] as const)
    if (!(c[k] >= 0 && c[k] <= 1)) throw new RangeError(`${k} must be in [0, 1], got ${c[k]}`);
  if (c.channels !== undefined && !(Number.isInteger(c.channels) && c.channels >= 0))
    throw new RangeError(`channels must be a non-negative integer, got ${c.channels}`);
  if (!(Number.isInteger(c.callers) && c.callers >= 0)) throw new RangeError(`callers must be a non-negative integer`);
  return c;
}

export function channelTarget(c: PoolConfig): number {
  return c.channels ?? defaultChannelCount(c.gomaxprocs);
}
