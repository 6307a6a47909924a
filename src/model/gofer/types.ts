/**
 * Plain-data shapes of the gofer path-walk model: the remote filesystem (the truth, owned by
 * the gofer), the client's dentry cache, operations, remote changes, RPC records and events.
 */

export type DesignId = 'vfs1' | 'vfs2-9p' | 'lisafs';
export type InteropMode = 'exclusive' | 'writethrough' | 'shared';
/** '9P' and 'lisafs' are modelled here; other protocols (FUSE) can join through compare.ts. */
export type Protocol = '9P' | 'lisafs' | 'FUSE' | (string & {});
/** Which clock produced a timestamp: the sandbox's (client) or the host filesystem's (remote). */
export type ClockSource = 'client' | 'remote';

export type OpKind = 'stat' | 'open' | 'read' | 'write' | 'fsync' | 'unlink';

export interface Operation {
  op: OpKind;
  path: string;
  /** Bytes read or written (read/write only). */
  bytes?: number;
}

/** Changes made on the host behind the client's back. */
export type RemoteChange =
  | { change: 'write'; path: string; size: number }
  | { change: 'replace'; path: string }
  | { change: 'delete'; path: string }
  | { change: 'create'; path: string; kind: 'dir' | 'file' };

export type ScriptItem = ({ type: 'op' } & Operation) | ({ type: 'remote' } & RemoteChange);

/** Initial remote tree: path → 'dir' or a file size. Parents are created implicitly. */
export type TreeSpec = Record<string, 'dir' | number>;

export interface RemoteNode {
  /** Inode number: 9P's QID.path and lisafs's (dev, ino) both reduce to this identity. */
  ino: number;
  type: 'dir' | 'file';
  size: number;
  mtime: number;
  /** Content version; every change of content gets a new, never reused number. */
  version: number;
}

export interface RemoteState {
  nodes: Record<string, RemoteNode>;
  nextIno: number;
  nextVersion: number;
}

export interface CachedAttrs {
  ino: number;
  type: 'dir' | 'file';
  size: number;
  mtime: number;
  mtimeClock: ClockSource;
}

export interface Dentry {
  path: string;
  /** A cached "this name does not exist" (never under Shared). */
  negative: boolean;
  attrs: CachedAttrs | null;
  /** 9P fid or lisafs control FD the dentry holds; null for negative dentries. */
  fid: number | null;
  /** Fid/FD of the open handle used for reads and writes, once opened. */
  handle: number | null;
  /** lisafs: the gofer donated a host FD with OpenAt, so I/O needs no RPC. */
  hostFd: boolean;
  /** Page cache: which content version it holds (null = empty) and unflushed bytes. */
  page: { version: number | null; dirtyBytes: number };
  instantiatedAt: number;
  /** Last time the client checked this dentry against the remote. */
  revalidatedAt: number;
}

export interface CacheState {
  dentries: Record<string, Dentry>;
  /** Outstanding fids/FDs → their owner ("dentry:/a" or "handle:/a"). */
  fids: Record<string, string>;
  nextFid: number;
  /**
   * Fids of dentries the walk dropped. gVisor releases them when the dropped dentry is
   * destroyed, outside the operation (and the seed's RPC lists do not show them), so the
   * model counts them here instead of emitting an RPC.
   */
  deferredReleases: number;
}

export interface RpcRecord {
  seq: number;
  /** As the protocol names it: Twalkgetattr, Tclunk, Walk, WalkStat, OpenAt… */
  name: string;
  protocol: Protocol;
  /** Path of the fid/FD the RPC is sent on. */
  target: string;
  args: string;
  fid: number | null;
  newFid: number | null;
  result: string;
  /** Why the client sends it, in plain words. */
  why: string;
}

export type Divergence = 'none' | 'stale' | 'ahead';

export interface OpOutcome {
  ok: boolean;
  errno: string | null;
  /** What the application saw (stat: attributes; read: content version). */
  size: number | null;
  ino: number | null;
  mtime: number | null;
  mtimeClock: ClockSource | null;
  version: number | null;
  /** Compared with the remote truth: equal, behind a remote change, or ahead with unflushed writes. */
  divergence: Divergence;
}

export interface OpRecord {
  index: number;
  op: Operation;
  rpcs: string[];
  count: number;
  outcome: OpOutcome;
}

export type GoferEventKind = 'op-start' | 'rpc' | 'op-end' | 'remote-change';

export interface GoferEvent {
  step: number;
  /** Client virtual time, ns. */
  time: number;
  kind: GoferEventKind;
  design: DesignId;
  mode: InteropMode;
  /** Index of the script item this event belongs to. */
  item: number;
  rpc?: RpcRecord;
  outcome?: OpOutcome;
  /** RPCs so far in this run (a running total per design). */
  runningCount: number;
  /** Dentry changes caused by this RPC, for highlighting in a tree view. */
  touched?: { path: string; change: 'added' | 'refreshed' | 'dropped' | 'negative' }[];
  text: string;
}
