/**
 * The interface every modelled client design implements. A design turns one operation into
 * RPCs booked on the OpContext and mutates the dentry cache and the remote as the real client
 * would. The sim computes what the application saw from the returned dentry and version.
 */
import type { OpContext } from '../context';
import type { Dentry, DesignId, InteropMode, Operation, Protocol } from '../types';

export interface DesignResult {
  errno: string | null;
  dentry: Dentry | null;
  /** Content version the application read (read only). */
  version?: number | null;
  /** Plain-English note for the end of the operation, e.g. why no RPC was needed. */
  note: string;
}

export interface WalkDesign {
  id: DesignId;
  label: string;
  protocol: Protocol;
  /** Interop modes this design supports (VFS1's cacheRemoteRevalidating is Shared only). */
  modes: readonly InteropMode[];
  /** Default virtual cost of one round trip. */
  rpcNs: number;
  run(op: Operation, ctx: OpContext): DesignResult;
}

export const q = (name: string): string => `"${name}"`;
