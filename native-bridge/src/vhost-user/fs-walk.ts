/**
 * Path walks done for real over virtio-fs, counting FUSE requests: the measured column next to the
 * gofer model's VFS1 / VFS2-9P / lisafs counts (src/model/gofer/compare.ts measuredColumn).
 *
 * The client caches the way the Linux FUSE client does: a name stays valid for the entry_valid the
 * daemon returned, attributes for attr_valid; a stale name is looked up again (FUSE_LOOKUP), stale
 * attributes fetched again (FUSE_GETATTR). virtiofsd with cache=none returns 0 for both, so every
 * walk revalidates every component. A zero timeout counts as expired here; Linux compares jiffies,
 * so within one tick it may skip the GETATTR — the count below is the deterministic upper bound.
 * Only requests that wait for a reply are counted (FORGET, which Linux sends on the high-priority
 * queue without a reply, is not sent during a measured operation).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WalkCase } from '@ringside/model/gofer/cases.ts';
import type { CaseCount } from '@ringside/model/gofer/compare.ts';
import type { Operation, RemoteChange, TreeSpec } from '@ringside/model/gofer/types.ts';
import { FUSE_ROOT_ID, type FsDriver } from './fs.ts';

interface Dentry {
  nodeid: bigint;
  entryExpiry: bigint;
  attrExpiry: bigint;
}

const O_RDWR = 2;

export class FuseWalkClient {
  private readonly dentries = new Map<string, Dentry>();
  private readonly open = new Map<string, { nodeid: bigint; fh: bigint }>();

  constructor(
    readonly fs: FsDriver,
    private readonly clock: () => bigint = () => process.hrtime.bigint(),
  ) {}

  /** The dentries of `path` from the root, looking up every component whose name is no longer valid. */
  private async walkAll(path: string): Promise<Dentry[]> {
    const parts = path.split('/').filter(Boolean);
    let cur: Dentry = { nodeid: FUSE_ROOT_ID, entryExpiry: 0n, attrExpiry: 0n };
    const out = [cur];
    let prefix = '';
    for (const name of parts) {
      prefix += `/${name}`;
      const d = this.dentries.get(prefix);
      if (d && this.clock() < d.entryExpiry) {
        cur = d;
        continue;
      }
      const e = await this.fs.lookup(cur.nodeid, name);
      const now = this.clock();
      cur = { nodeid: e.nodeid, entryExpiry: now + e.entryValidNs, attrExpiry: now + e.attrValidNs };
      this.dentries.set(prefix, cur);
      out.push(cur);
    }
    return out;
  }

  private async walk(path: string): Promise<Dentry> {
    const all = await this.walkAll(path);
    return all[all.length - 1];
  }

  async stat(path: string): Promise<void> {
    const d = await this.walk(path);
    if (this.clock() >= d.attrExpiry) {
      const a = await this.fs.getattr(d.nodeid);
      d.attrExpiry = this.clock() + a.attrValidNs;
    }
  }

  async openFile(path: string): Promise<void> {
    const d = await this.walk(path);
    const fh = await this.fs.open(d.nodeid, O_RDWR);
    this.open.set(path, { nodeid: d.nodeid, fh });
  }

  private handle(path: string) {
    const h = this.open.get(path);
    if (!h) throw new Error(`${path} is not open`);
    return h;
  }

  async read(path: string, bytes: number): Promise<void> {
    const h = this.handle(path);
    await this.fs.read(h.nodeid, h.fh, 0n, bytes);
  }

  async write(path: string, bytes: number): Promise<void> {
    const h = this.handle(path);
    await this.fs.write(h.nodeid, h.fh, 0n, new Uint8Array(bytes).fill(0x61));
  }

  async unlink(path: string): Promise<void> {
    // One walk, as Linux's unlinkat does: the parent's components, then the victim itself
    // (looked up or revalidated) before FUSE_UNLINK.
    const all = await this.walkAll(path);
    const parent = all[all.length - 2];
    const name = path.split('/').filter(Boolean).pop()!;
    await this.fs.unlink(parent.nodeid, name);
    this.dentries.delete(path);
  }

  async run(op: Operation): Promise<void> {
    switch (op.op) {
      case 'stat':
        return this.stat(op.path);
      case 'open':
        return this.openFile(op.path);
      case 'read':
        return this.read(op.path, op.bytes ?? 4096);
      case 'write':
        return this.write(op.path, op.bytes ?? 4096);
      case 'unlink':
        return this.unlink(op.path);
      case 'fsync':
        throw new Error('fsync is not measured on virtio-fs here');
    }
  }
}

/** Build a gofer TreeSpec under `root` on the host. */
export function buildTree(root: string, tree: TreeSpec): void {
  for (const [p, v] of Object.entries(tree)) {
    const full = join(root, p);
    if (v === 'dir') mkdirSync(full, { recursive: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, new Uint8Array(v).fill(0x62));
    }
  }
}

/** A change on the host behind the client's back (the gofer model's RemoteChange). */
export function applyRemote(root: string, c: RemoteChange): void {
  const full = join(root, c.path);
  switch (c.change) {
    case 'write':
      writeFileSync(full, new Uint8Array(c.size).fill(0x63));
      return;
    case 'replace': {
      // delete and re-create: a new inode under the same name
      rmSync(full);
      writeFileSync(full, new Uint8Array(16).fill(0x64));
      return;
    }
    case 'delete':
      rmSync(full, { recursive: true });
      return;
    case 'create':
      if (c.kind === 'dir') mkdirSync(full, { recursive: true });
      else writeFileSync(full, new Uint8Array(0));
  }
}

/** Replay a case's set-up on a fresh session, then count the FUSE requests of its measured op. */
export async function measureCase(c: WalkCase, fs: FsDriver, shareRoot: string): Promise<CaseCount> {
  const client = new FuseWalkClient(fs);
  for (const item of c.setup) {
    if (item.type === 'remote') applyRemote(shareRoot, item);
    else await client.run(item);
  }
  const from = fs.log.length;
  await client.run(c.measured);
  const rpcs = fs.log.slice(from).map((r) => r.op);
  return { count: rpcs.length, rpcs };
}
