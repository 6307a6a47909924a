/**
 * The remote filesystem: what the gofer sees on the host. It is the truth the client's cache
 * is compared against. Remote timestamps come from the remote clock.
 */
import { components, isWithin, join, parentOf } from './paths';
import type { RemoteNode, RemoteState, TreeSpec } from './types';

export function createRemote(spec: TreeSpec, remoteNow: number): RemoteState {
  const r: RemoteState = { nodes: {}, nextIno: 1, nextVersion: 1 };
  r.nodes['/'] = mkNode(r, 'dir', 0, remoteNow);
  for (const path of Object.keys(spec).sort()) {
    let dir = '/';
    const cs = components(path);
    cs.forEach((name, i) => {
      const p = join(dir, name);
      if (!r.nodes[p]) {
        const last = i === cs.length - 1;
        const v = spec[path];
        r.nodes[p] = last && v !== 'dir' ? mkNode(r, 'file', v, remoteNow) : mkNode(r, 'dir', 0, remoteNow);
      }
      dir = p;
    });
  }
  return r;
}

function mkNode(r: RemoteState, type: 'dir' | 'file', size: number, mtime: number): RemoteNode {
  return { ino: r.nextIno++, type, size, mtime, version: r.nextVersion++ };
}

export function lookup(r: RemoteState, path: string): RemoteNode | undefined {
  return r.nodes[path];
}

/** New content of the given size, written now by the remote clock. */
export function remoteWrite(r: RemoteState, path: string, size: number, remoteNow: number, version?: number): boolean {
  const n = r.nodes[path];
  if (n?.type !== 'file') return false;
  n.size = size;
  n.mtime = remoteNow;
  // A write-back carries the version the client minted when it buffered the data.
  n.version = version ?? r.nextVersion++;
  return true;
}

/** Delete and re-create under the same name: a new inode, so revalidation must fail. */
export function remoteReplace(r: RemoteState, path: string, remoteNow: number): boolean {
  const n = r.nodes[path];
  if (!n || path === '/') return false;
  remoteDelete(r, path);
  r.nodes[path] = mkNode(r, n.type, n.type === 'file' ? n.size : 0, remoteNow);
  return true;
}

export function remoteDelete(r: RemoteState, path: string): boolean {
  if (!r.nodes[path] || path === '/') return false;
  for (const p of Object.keys(r.nodes)) if (isWithin(p, path)) delete r.nodes[p];
  return true;
}

export function remoteCreate(r: RemoteState, path: string, type: 'dir' | 'file', remoteNow: number): boolean {
  if (r.nodes[path] || r.nodes[parentOf(path)]?.type !== 'dir') return false;
  r.nodes[path] = mkNode(r, type, 0, remoteNow);
  return true;
}

/** A fresh content version for data that so far exists only in a client's page cache. */
export function mintVersion(r: RemoteState): number {
  return r.nextVersion++;
}
