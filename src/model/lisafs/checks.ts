/**
 * The client's checks before it touches any transport, in the order the lisafs client
 * makes them. A rejected request never takes a channel or the socket mutex.
 */
import { type Errno, MAX_WANTED_FDS } from './constants';

export interface RequestShape {
  mid: number;
  payloadLen: number;
  wantFDs: number;
}

export function checkRequest(supported: readonly number[], maxMessageSize: number, req: RequestShape): Errno | null {
  // The client caches which MIDs Mount listed; an unknown one never reaches the server.
  if (!supported.includes(req.mid)) return 'EOPNOTSUPP';
  // A message that cannot fit the packet window is refused rather than truncated.
  if (req.payloadLen > maxMessageSize) return 'EIO';
  // numFDs is a u8 in the header.
  if (req.wantFDs > MAX_WANTED_FDS) return 'EINVAL';
  return null;
}
