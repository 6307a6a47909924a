/** Default sizes: small enough that buffers fill within a few dozen packets, so a run stays legible. */
import { VirtproxyInvariantError } from './errors';
import { PACKET_DATA, PACKET_SIZE } from './packet';
import type { VirtproxyConfig } from './types';

export const DEFAULT_VP_CONFIG: VirtproxyConfig = {
  mode: 'shared',
  sockBufBytes: 128,
  laneBytes: 4 * PACKET_SIZE,
  chunkMaxBytes: 100,
  procDelayMaxNs: 20,
  proxyDelayMaxNs: 10,
  creditLowWater: PACKET_DATA,
};

export function validateVpConfig(c: VirtproxyConfig): void {
  const need = (ok: boolean, m: string) => {
    if (!ok) throw new VirtproxyInvariantError('bad-config', m);
  };
  need(c.mode === 'shared' || c.mode === 'ports' || c.mode === 'credit', `unknown mode ${String(c.mode)}`);
  need(Number.isInteger(c.sockBufBytes) && c.sockBufBytes >= 1, 'socket buffers need at least one byte');
  need(Number.isInteger(c.laneBytes) && c.laneBytes >= PACKET_SIZE, 'a channel must hold at least one packet');
  need(Number.isInteger(c.chunkMaxBytes) && c.chunkMaxBytes >= 1, 'channel reads return at least one byte');
  need(c.procDelayMaxNs >= 1 && c.proxyDelayMaxNs >= 1, 'action delays must be ≥ 1 ns');
  need(c.creditLowWater >= 0, 'credit low-water mark must be ≥ 0');
}
