/**
 * The client's dentry cache and fid table. Functions mutate a CacheState in place; designs
 * call them while they walk. The root dentry always exists: it is the mount's root fid 0.
 */
import { isWithin, parentOf } from './paths';
import type { CacheState, CachedAttrs, ClockSource, Dentry, RemoteNode } from './types';

export function createCache(root: RemoteNode, now: number): CacheState {
  const c: CacheState = { dentries: {}, fids: {}, nextFid: 1, deferredReleases: 0 };
  c.dentries['/'] = blank('/', now);
  c.dentries['/'].attrs = attrsFrom(root);
  c.dentries['/'].fid = 0;
  c.fids['0'] = 'dentry:/';
  return c;
}

function blank(path: string, now: number): Dentry {
  return {
    path,
    negative: false,
    attrs: null,
    fid: null,
    handle: null,
    hostFd: false,
    page: { version: null, dirtyBytes: 0 },
    instantiatedAt: now,
    revalidatedAt: now,
  };
}

export function attrsFrom(n: RemoteNode): CachedAttrs {
  return { ino: n.ino, type: n.type, size: n.size, mtime: n.mtime, mtimeClock: 'remote' };
}

export function get(c: CacheState, path: string): Dentry | undefined {
  return c.dentries[path];
}

/** Allocate a fid (or lisafs FD id) for an owner; "walk:" owners are transient. */
export function allocFid(c: CacheState, owner: string): number {
  const fid = c.nextFid++;
  c.fids[String(fid)] = owner;
  return fid;
}

export function freeFid(c: CacheState, fid: number): void {
  if (!(String(fid) in c.fids)) throw new Error(`fid ${fid} is not outstanding`);
  delete c.fids[String(fid)];
}

/** Turn a transient walk fid into the fid of a new positive dentry at `path`. */
export function addPositive(c: CacheState, path: string, node: RemoteNode, fid: number, now: number): Dentry {
  const d = blank(path, now);
  d.attrs = attrsFrom(node);
  d.fid = fid;
  c.fids[String(fid)] = `dentry:${path}`;
  c.dentries[path] = d;
  return d;
}

export function addNegative(c: CacheState, path: string, now: number): Dentry {
  const d = blank(path, now);
  d.negative = true;
  c.dentries[path] = d;
  return d;
}

/** Take fresh attributes from the remote (remote clock, remote authority). */
export function refresh(d: Dentry, node: RemoteNode, now: number): void {
  d.attrs = attrsFrom(node);
  d.revalidatedAt = now;
}

/** Record a timestamp change made by the client itself. */
export function touchLocal(d: Dentry, mtime: number, clock: ClockSource, size: number): void {
  if (!d.attrs) return;
  d.attrs.mtime = mtime;
  d.attrs.mtimeClock = clock;
  d.attrs.size = size;
}

/** Drop a dentry and everything cached under it; their fids are released later (deferred). */
export function drop(c: CacheState, path: string): string[] {
  const gone: string[] = [];
  for (const p of Object.keys(c.dentries)) {
    if (!isWithin(p, path) || p === '/') continue;
    const d = c.dentries[p];
    for (const f of [d.fid, d.handle]) {
      if (f === null) continue;
      delete c.fids[String(f)];
      c.deferredReleases++;
    }
    delete c.dentries[p];
    gone.push(p);
  }
  return gone;
}

export function parentDentry(c: CacheState, path: string): Dentry | undefined {
  return c.dentries[parentOf(path)];
}
