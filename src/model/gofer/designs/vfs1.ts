/**
 * VFS1's gofer client under cacheRemoteRevalidating (the Shared interop mode of its day).
 * The generic VFS layer drives the walk, so each concern asks the gofer on its own: a
 * Tgetattr on every directory for CheckPermission, a Twalkgetattr+Tclunk per cached
 * component for Revalidate, another Twalkgetattr for Lookup when revalidation fails, and a
 * final Tgetattr for stat's UnstableAttr. This is the seed's 11-RPC sequence.
 */
import { addPositive, allocFid, drop, freeFid, get, refresh } from '../cache';
import type { OpContext } from '../context';
import { baseName, components, join, parentOf } from '../paths';
import { lookup, remoteDelete, remoteWrite } from '../remote';
import type { Dentry, Operation } from '../types';
import { type DesignResult, type WalkDesign, q } from './design';

type Walked = { d: Dentry; errno: null } | { d: null; errno: string };

function checkPermission(ctx: OpContext, d: Dentry, why: string): void {
  ctx.rpc('Tgetattr', d.path, `fid ${d.fid}`, why, { fid: d.fid });
  const node = lookup(ctx.remote, d.path);
  if (node && node.ino === d.attrs?.ino) {
    refresh(d, node, ctx.now);
    ctx.touch(d.path, 'refreshed');
  }
}

/** fs.Dirent.walk for one component: Revalidate a cached dirent, Lookup a missing one. */
function stepChild(ctx: OpContext, parent: Dentry, name: string): Walked {
  const c = ctx.cache;
  const p = join(parent.path, name);
  const node = lookup(ctx.remote, p);
  const cached = get(c, p);
  if (cached) {
    const fid = node ? allocFid(c, `walk:${p}`) : null;
    const same = !!(node && node.ino === cached.attrs?.ino);
    ctx.rpc(
      'Twalkgetattr',
      parent.path,
      `fid ${parent.fid} ${q(name)} → ${fid ?? 'no fid'}`,
      `Revalidate: walk to the cached ${q(name)} again to see whether it still names the same file (QID). ${same ? 'It does.' : node ? 'It does not: the file was replaced.' : 'It is gone.'}`,
      {
        fid: parent.fid,
        newFid: fid,
        result: node ? 'ok' : 'ENOENT',
      },
    );
    if (fid !== null) {
      ctx.rpc(
        'Tclunk',
        p,
        `fid ${fid}`,
        'Revalidate only wanted the QID, so it releases the fid at once, whatever the answer.',
        { fid },
      );
      freeFid(c, fid);
    }
    if (same) {
      refresh(cached, node!, ctx.now);
      ctx.touch(p, 'refreshed');
      return { d: cached, errno: null };
    }
    for (const g of drop(c, p)) ctx.touch(g, 'dropped');
  }
  const fid = node ? allocFid(c, `walk:${p}`) : null;
  ctx.rpc(
    'Twalkgetattr',
    parent.path,
    `fid ${parent.fid} ${q(name)} → ${fid ?? 'no fid'}`,
    `Lookup: instantiate a new dirent for ${q(name)}; this walk's fid is kept for it.`,
    {
      fid: parent.fid,
      newFid: fid,
      result: node ? 'ok' : 'ENOENT',
    },
  );
  if (!node) return { d: null, errno: 'ENOENT' }; // no negative dirents while revalidating
  const d = addPositive(c, p, node, fid!, ctx.now);
  ctx.touch(p, 'added');
  return { d, errno: null };
}

function walk(ctx: OpContext, names: string[]): Walked {
  let d = get(ctx.cache, '/')!;
  for (const name of names) {
    checkPermission(
      ctx,
      d,
      `CheckPermission: before searching ${d.path}, reload its attributes (UnstableAttr), because cacheRemoteRevalidating does not trust cached ones.`,
    );
    const w = stepChild(ctx, d, name);
    if (w.errno !== null) return w;
    d = w.d;
  }
  return { d, errno: null };
}

function open(ctx: OpContext, path: string): Walked {
  const w = walk(ctx, components(path));
  if (w.errno !== null) return w;
  const d = w.d;
  checkPermission(ctx, d, 'CheckPermission for the open itself (read and write access), again from fresh attributes.');
  if (d.handle !== null) {
    // VFS1 makes new handles per open; the previous file's handle is closed later.
    delete ctx.cache.fids[String(d.handle)];
    ctx.cache.deferredReleases++;
  }
  const clone = allocFid(ctx.cache, `handle:${path}`);
  ctx.rpc(
    'Twalk',
    path,
    `fid ${d.fid} [] → ${clone}`,
    "GetFile: clone the dirent's fid for a new handle, since an opened fid cannot be walked.",
    { fid: d.fid, newFid: clone },
  );
  ctx.rpc('Tlopen', path, `fid ${clone} O_RDWR`, 'open the clone; this file description gets its own handle.', {
    fid: clone,
  });
  d.handle = clone;
  return w;
}

function handleFor(ctx: OpContext, path: string): Walked {
  const d = get(ctx.cache, path);
  if (d && d.handle !== null) return { d, errno: null };
  return open(ctx, path);
}

function run(op: Operation, ctx: OpContext): DesignResult {
  const r = ctx.remote;
  switch (op.op) {
    case 'stat': {
      const w = walk(ctx, components(op.path));
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The walk failed, so stat fails.' };
      checkPermission(
        ctx,
        w.d,
        'stat calls UnstableAttr, which under cacheRemoteRevalidating always asks the gofer again.',
      );
      return { errno: null, dentry: w.d, note: 'stat answered from the final Tgetattr.' };
    }
    case 'open': {
      const w = open(ctx, op.path);
      return w.errno !== null
        ? { errno: w.errno, dentry: null, note: 'The walk failed, so open fails.' }
        : { errno: null, dentry: w.d, note: 'The file is open.' };
    }
    case 'read': {
      const w = handleFor(ctx, op.path);
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The file could not be opened.' };
      ctx.rpc(
        'Tread',
        op.path,
        `fid ${w.d.handle} offset 0 count ${op.bytes ?? 4096}`,
        'file data is not cached in this mode: the read goes to the gofer.',
        { fid: w.d.handle },
      );
      const node = lookup(r, op.path);
      return {
        errno: null,
        dentry: w.d,
        version: node && node.ino === w.d.attrs?.ino ? node.version : null,
        note: 'Read done.',
      };
    }
    case 'write': {
      const w = handleFor(ctx, op.path);
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The file could not be opened.' };
      const size = Math.max(w.d.attrs?.size ?? 0, op.bytes ?? 4096);
      ctx.rpc(
        'Twrite',
        op.path,
        `fid ${w.d.handle} offset 0 count ${op.bytes ?? 4096}`,
        'the write goes straight to the gofer.',
        { fid: w.d.handle },
      );
      remoteWrite(r, op.path, size, ctx.remoteNow);
      if (w.d.attrs) w.d.attrs.size = size;
      return { errno: null, dentry: w.d, note: 'The host has the data and its own mtime.' };
    }
    case 'fsync': {
      const w = handleFor(ctx, op.path);
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The file could not be opened.' };
      ctx.rpc('Tfsync', op.path, `fid ${w.d.handle}`, 'ask the gofer to fsync the host file.', { fid: w.d.handle });
      return { errno: null, dentry: w.d, note: 'Synced.' };
    }
    case 'unlink': {
      const names = components(op.path);
      const w = walk(ctx, names.slice(0, -1));
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The parent walk failed.' };
      checkPermission(ctx, w.d, 'CheckPermission on the parent (write and search) before removing a name from it.');
      const victim = stepChild(ctx, w.d, baseName(op.path));
      if (victim.errno !== null)
        return { errno: victim.errno, dentry: null, note: 'Remove looks the victim up first, and it does not exist.' };
      ctx.rpc(
        'Tunlinkat',
        parentOf(op.path),
        `fid ${w.d.fid} ${q(baseName(op.path))}`,
        'remove the name in its parent.',
        { fid: w.d.fid },
      );
      remoteDelete(r, op.path);
      for (const g of drop(ctx.cache, op.path)) ctx.touch(g, 'dropped');
      return { errno: null, dentry: null, note: 'Removed.' };
    }
  }
}

export const VFS1: WalkDesign = {
  id: 'vfs1',
  label: 'VFS1 gofer client (cacheRemoteRevalidating)',
  protocol: '9P',
  modes: ['shared'],
  rpcNs: 1551,
  run,
};
