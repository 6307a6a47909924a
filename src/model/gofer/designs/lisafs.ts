/**
 * The gofer client over lisafs. Under Shared, the cached part of a path is revalidated with a
 * single WalkStat (several components stat'ed in one round trip; a leading "" stats the
 * starting directory itself); an uncached remainder is fetched with one multi-component
 * Walk. OpenAt makes the gofer donate the host FD, so reads and writes need no RPC at all.
 */
import { addNegative, addPositive, allocFid, drop, get, refresh, touchLocal } from '../cache';
import type { OpContext } from '../context';
import { baseName, components, join, parentOf } from '../paths';
import { lookup, mintVersion, remoteDelete, remoteWrite } from '../remote';
import type { Dentry, Operation } from '../types';
import { type DesignResult, type WalkDesign, q } from './design';

type Walked = { d: Dentry; errno: null } | { d: null; errno: string };

/** Shared mode: one WalkStat over every cached dentry from the root down the path. */
function revalidate(ctx: OpContext, names: string[]): void {
  const c = ctx.cache;
  const list: Dentry[] = [get(c, '/')!];
  let cur = '/';
  for (const name of names) {
    const p = join(cur, name);
    const d = get(c, p);
    if (!d || d.negative) break;
    list.push(d);
    cur = p;
  }
  const walked = ['""', ...list.slice(1).map((d) => q(baseName(d.path)))];
  let verdict = `all ${list.length} are unchanged.`;
  let failed: Dentry | null = null;
  for (const d of list) {
    const node = lookup(ctx.remote, d.path);
    if (!node || node.ino !== d.attrs?.ino) {
      failed = d;
      verdict = `${d.path} ${node ? 'is a different file now' : 'is gone'}, so it and everything below it are dropped from the cache.`;
      break;
    }
  }
  ctx.rpc(
    'WalkStat',
    '/',
    `fd ${list[0].fid} [${walked.join(', ')}]`,
    `Shared mode: revalidate every cached dentry on the path with one round trip that returns a stat for each ("" stats the starting directory itself); ${verdict}`,
    { fid: list[0].fid },
  );
  for (const d of list) {
    if (d === failed) {
      for (const g of drop(c, d.path)) ctx.touch(g, 'dropped');
      break;
    }
    refresh(d, lookup(ctx.remote, d.path)!, ctx.now);
    ctx.touch(d.path, 'refreshed');
  }
}

function walk(ctx: OpContext, names: string[]): Walked {
  const c = ctx.cache;
  if (ctx.shared) revalidate(ctx, names);
  let d = get(c, '/')!;
  let cur = '/';
  for (let i = 0; i < names.length; i++) {
    const p = join(cur, names[i]);
    const cached = get(c, p);
    if (cached) {
      if (cached.negative) return { d: null, errno: 'ENOENT' };
      d = cached;
      cur = p;
      continue;
    }
    const rest = names.slice(i);
    // Find where the remote walk stops, to describe the reply honestly.
    let stop: string | null = null;
    let probe = cur;
    for (const n of rest) {
      probe = join(probe, n);
      if (!lookup(ctx.remote, probe)) {
        stop = n;
        break;
      }
    }
    ctx.rpc(
      'Walk',
      cur,
      `fd ${d.fid} [${rest.map(q).join(', ')}]`,
      `${rest.length === 1 ? `${q(rest[0])} is not cached: a Walk fetches it` : `the remaining ${rest.length} components are not cached: one Walk fetches them all`}; the gofer returns a control FD and a stat for each component it finds${stop ? `, and stops at ${q(stop)}, which does not exist` : ''}.`,
      { fid: d.fid, result: stop ? 'ENOENT' : 'ok' },
    );
    for (const n of rest) {
      const np = join(cur, n);
      const node = lookup(ctx.remote, np);
      if (!node) {
        if (!ctx.shared) {
          addNegative(c, np, ctx.now);
          ctx.touch(np, 'negative');
        }
        return { d: null, errno: 'ENOENT' };
      }
      d = addPositive(c, np, node, allocFid(c, `walk:${np}`), ctx.now);
      ctx.touch(np, 'added');
      cur = np;
    }
    break;
  }
  return { d, errno: null };
}

function ensureOpen(ctx: OpContext, path: string): Walked & { opened: boolean } {
  const w = walk(ctx, components(path));
  if (w.errno !== null || w.d.handle !== null) return { ...w, opened: false };
  const fd = allocFid(ctx.cache, `handle:${path}`);
  ctx.rpc(
    'OpenAt',
    path,
    `fd ${w.d.fid} O_RDWR → ${fd}`,
    ctx.hostFdDonation
      ? "open the file; the gofer replies with an open FD and donates the host file's own FD, so reads and writes will need no RPC."
      : 'open the file; the gofer replies with an open FD (no host FD donated, so I/O will go through PRead/PWrite).',
    { fid: w.d.fid, newFid: fd },
  );
  w.d.handle = fd;
  w.d.hostFd = ctx.hostFdDonation;
  return { ...w, opened: true };
}

function handleFor(ctx: OpContext, path: string): Walked {
  const d = get(ctx.cache, path);
  if (d && !d.negative && d.handle !== null) return { d, errno: null };
  return ensureOpen(ctx, path);
}

function run(op: Operation, ctx: OpContext): DesignResult {
  const r = ctx.remote;
  const bytes = op.bytes ?? 4096;
  switch (op.op) {
    case 'stat': {
      const w = walk(ctx, components(op.path));
      if (w.errno !== null)
        return {
          errno: w.errno,
          dentry: null,
          note:
            ctx.rpcs.length === 0
              ? 'A cached negative dentry says the name does not exist, so stat fails without asking the gofer.'
              : 'The walk failed, so stat fails.',
        };
      return { errno: null, dentry: w.d, note: 'No extra RPC: WalkStat or Walk already returned the stat.' };
    }
    case 'open': {
      const w = ensureOpen(ctx, op.path);
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The walk failed, so open fails.' };
      return {
        errno: null,
        dentry: w.d,
        note: w.opened ? 'The file is open.' : 'The dentry already had an open handle, which this open shares.',
      };
    }
    case 'read': {
      const w = handleFor(ctx, op.path);
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The file could not be opened.' };
      const d = w.d;
      const node = lookup(r, op.path);
      const live = node && node.ino === d.attrs?.ino ? node.version : null;
      if (!ctx.shared && d.page.version !== null)
        return {
          errno: null,
          dentry: d,
          version: d.page.version,
          note: 'Served from the page cache: no RPC, and no check that the host file is unchanged.',
        };
      if (d.hostFd) {
        if (!ctx.shared) d.page.version = live;
        return { errno: null, dentry: d, version: live, note: 'read(2) on the donated host FD: no RPC at all.' };
      }
      ctx.rpc(
        'PRead',
        op.path,
        `fd ${d.handle} offset 0 count ${bytes}`,
        'no host FD was donated, so the read goes to the gofer.',
        { fid: d.handle },
      );
      if (!ctx.shared) d.page.version = live;
      return { errno: null, dentry: d, version: live, note: 'Read done.' };
    }
    case 'write': {
      const w = handleFor(ctx, op.path);
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The file could not be opened.' };
      const d = w.d;
      const size = Math.max(d.attrs?.size ?? 0, bytes);
      if (ctx.mode === 'exclusive') {
        d.page.version = mintVersion(r);
        d.page.dirtyBytes += bytes;
        touchLocal(d, ctx.now, 'client', size);
        return {
          errno: null,
          dentry: d,
          note: 'Exclusive mode buffers the write in the page cache and stamps mtime with the client clock; the host sees nothing until write-back.',
        };
      }
      if (!d.hostFd)
        ctx.rpc(
          'PWrite',
          op.path,
          `fd ${d.handle} offset 0 count ${bytes}`,
          'no host FD was donated, so the write goes to the gofer.',
          { fid: d.handle },
        );
      remoteWrite(r, op.path, size, ctx.remoteNow);
      if (ctx.mode === 'writethrough') {
        d.page.version = lookup(r, op.path)?.version ?? null;
        touchLocal(d, ctx.now, 'client', size);
      } else if (d.attrs) d.attrs.size = size;
      return {
        errno: null,
        dentry: d,
        note: d.hostFd
          ? 'pwrite(2) on the donated host FD: the host has the data, with no RPC.'
          : 'The host has the data.',
      };
    }
    case 'fsync': {
      const w = handleFor(ctx, op.path);
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The file could not be opened.' };
      const d = w.d;
      if (d.page.dirtyBytes > 0) {
        if (!d.hostFd)
          ctx.rpc(
            'PWrite',
            op.path,
            `fd ${d.handle} offset 0 count ${d.page.dirtyBytes}`,
            'write back the dirty pages buffered in the page cache.',
            { fid: d.handle },
          );
        remoteWrite(r, op.path, d.attrs?.size ?? 0, ctx.remoteNow, d.page.version ?? undefined);
        d.page.dirtyBytes = 0;
      }
      if (d.hostFd)
        return {
          errno: null,
          dentry: d,
          note: 'Dirty pages written back and fsync(2) done on the donated host FD: no RPC.',
        };
      ctx.rpc('FSync', op.path, `fd ${d.handle}`, 'ask the gofer to fsync the host file.', { fid: d.handle });
      return { errno: null, dentry: d, note: 'Synced.' };
    }
    case 'unlink': {
      const names = components(op.path);
      const w = walk(ctx, names.slice(0, -1));
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The parent walk failed.' };
      const cached = get(ctx.cache, op.path);
      if (!ctx.shared && cached?.negative)
        return {
          errno: 'ENOENT',
          dentry: null,
          note: 'A cached negative dentry says the name does not exist: no RPC.',
        };
      const existed = !!lookup(r, op.path);
      ctx.rpc(
        'UnlinkAt',
        parentOf(op.path),
        `fd ${w.d.fid} ${q(baseName(op.path))}`,
        'remove the name in its parent directory.',
        { fid: w.d.fid, result: existed ? 'ok' : 'ENOENT' },
      );
      remoteDelete(r, op.path);
      for (const g of drop(ctx.cache, op.path)) ctx.touch(g, 'dropped');
      if (!ctx.shared && existed) {
        addNegative(ctx.cache, op.path, ctx.now);
        ctx.touch(op.path, 'negative');
      }
      return {
        errno: existed ? null : 'ENOENT',
        dentry: null,
        note: existed ? 'Removed.' : 'The gofer found nothing to remove.',
      };
    }
  }
}

export const LISAFS: WalkDesign = {
  id: 'lisafs',
  label: 'Gofer client over lisafs',
  protocol: 'lisafs',
  modes: ['exclusive', 'writethrough', 'shared'],
  rpcNs: 854,
  run,
};
