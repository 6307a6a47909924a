/**
 * VFS2's gofer client over 9P (2020). Under Shared, permission-check reloads, lookup and
 * revalidation are fused: one Tgetattr for the starting directory, then one Twalkgetattr per
 * cached component (Tclunk the new fid when the QID is unchanged). Under Exclusive and
 * Writethrough cached dentries are trusted, so a warm walk costs nothing.
 */
import { addNegative, addPositive, allocFid, drop, freeFid, get, refresh, touchLocal } from '../cache';
import type { OpContext } from '../context';
import { baseName, components, join, parentOf } from '../paths';
import { lookup, mintVersion, remoteDelete, remoteWrite } from '../remote';
import type { Dentry, Operation } from '../types';
import { type DesignResult, type WalkDesign, q } from './design';

type Walked = { d: Dentry; errno: null } | { d: null; errno: string };

function walk(ctx: OpContext, names: string[]): Walked {
  const c = ctx.cache;
  let d = get(c, '/')!;
  let cur = '/';
  if (ctx.shared) {
    ctx.rpc(
      'Tgetattr',
      '/',
      `fid ${d.fid}`,
      "Shared mode trusts only the host's attributes, so the walk first reloads the starting directory's metadata for the permission check.",
      { fid: d.fid },
    );
    refresh(d, lookup(ctx.remote, '/')!, ctx.now);
    ctx.touch('/', 'refreshed');
  }
  for (const name of names) {
    const p = join(cur, name);
    const cached = get(c, p);
    if (cached && !ctx.shared) {
      if (cached.negative) return { d: null, errno: 'ENOENT' };
      d = cached;
      cur = p;
      continue;
    }
    const node = lookup(ctx.remote, p);
    const newFid = node ? allocFid(c, `walk:${p}`) : null;
    const same = !!(cached && node && node.ino === cached.attrs?.ino);
    const why = cached
      ? `revalidate the cached ${q(name)}: walk to it again and compare QIDs; the same round trip brings fresh metadata for the permission check. ${
          same
            ? 'Same QID, so the dentry is still valid.'
            : node
              ? 'The QID changed (the file was replaced), so the old dentry is dropped and this new fid is kept for a new one.'
              : 'It is gone, so the dentry is dropped.'
        }`
      : node
        ? `${q(name)} is not cached: walk to it, getting a fid and its attributes in one round trip; the fid is kept for the new dentry.`
        : `${q(name)} is not cached, and the walk finds it does not exist.${ctx.shared ? '' : ' A negative dentry is cached so the next lookup needs no RPC.'}`;
    ctx.rpc('Twalkgetattr', cur, `fid ${d.fid} ${q(name)} → ${newFid ?? 'no fid'}`, why, {
      fid: d.fid,
      newFid,
      result: node ? 'ok' : 'ENOENT',
    });
    if (cached && same) {
      refresh(cached, node!, ctx.now);
      ctx.touch(p, 'refreshed');
      ctx.rpc(
        'Tclunk',
        p,
        `fid ${newFid}`,
        'the dentry already holds a fid for this file, so the one the revalidating walk created is released. No Tgetattr: the walk already refreshed the metadata.',
        { fid: newFid },
      );
      freeFid(c, newFid!);
      d = cached;
      cur = p;
      continue;
    }
    if (cached) for (const g of drop(c, p)) ctx.touch(g, 'dropped');
    if (!node) {
      if (!ctx.shared) {
        addNegative(c, p, ctx.now);
        ctx.touch(p, 'negative');
      }
      return { d: null, errno: 'ENOENT' };
    }
    d = addPositive(c, p, node, newFid!, ctx.now);
    ctx.touch(p, 'added');
    cur = p;
  }
  return { d, errno: null };
}

function ensureOpen(ctx: OpContext, path: string): Walked & { opened: boolean } {
  const w = walk(ctx, components(path));
  if (w.errno !== null) return { ...w, opened: false };
  const d = w.d;
  if (d.handle !== null) return { ...w, opened: false };
  const clone = allocFid(ctx.cache, `handle:${path}`);
  ctx.rpc(
    'Twalk',
    path,
    `fid ${d.fid} [] → ${clone}`,
    "clone the dentry's fid: an opened fid can no longer be walked, so the dentry keeps its own and the open handle gets a copy.",
    { fid: d.fid, newFid: clone },
  );
  ctx.rpc(
    'Tlopen',
    path,
    `fid ${clone} O_RDWR`,
    'open the clone for reading and writing; the handle is then shared by every open of this dentry.',
    { fid: clone },
  );
  d.handle = clone;
  return { ...w, opened: true };
}

/** Use the open handle if there is one (no walk for I/O on an open file), else open first. */
function handleFor(ctx: OpContext, path: string): Walked {
  const d = get(ctx.cache, path);
  if (d && !d.negative && d.handle !== null) return { d, errno: null };
  return ensureOpen(ctx, path);
}

function run(op: Operation, ctx: OpContext): DesignResult {
  const r = ctx.remote;
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
      return {
        errno: null,
        dentry: w.d,
        note: ctx.shared
          ? 'No Tgetattr at the end: the last walk already brought fresh metadata.'
          : 'The cached dentry is trusted in this mode, so stat answers from cached metadata.',
      };
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
      ctx.rpc(
        'Tread',
        op.path,
        `fid ${d.handle} offset 0 count ${op.bytes ?? 4096}`,
        ctx.shared
          ? 'Shared mode bypasses the page cache: every read goes to the gofer.'
          : 'the page cache is empty, so it is filled from the gofer.',
        { fid: d.handle },
      );
      if (!ctx.shared) d.page.version = live;
      return { errno: null, dentry: d, version: live, note: 'Read done.' };
    }
    case 'write': {
      const w = handleFor(ctx, op.path);
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The file could not be opened.' };
      const d = w.d;
      const size = Math.max(d.attrs?.size ?? 0, op.bytes ?? 4096);
      if (ctx.mode === 'exclusive') {
        d.page.version = mintVersion(r);
        d.page.dirtyBytes += op.bytes ?? 4096;
        touchLocal(d, ctx.now, 'client', size);
        return {
          errno: null,
          dentry: d,
          note: 'Exclusive mode buffers the write in the page cache (no RPC) and stamps mtime with the client clock; the host sees nothing until write-back.',
        };
      }
      ctx.rpc(
        'Twrite',
        op.path,
        `fid ${d.handle} offset 0 count ${op.bytes ?? 4096}`,
        ctx.shared
          ? 'Shared mode writes go straight to the gofer.'
          : 'Writethrough sends every write to the gofer synchronously, and keeps a copy in the page cache.',
        { fid: d.handle },
      );
      remoteWrite(r, op.path, size, ctx.remoteNow);
      if (ctx.mode === 'writethrough') {
        d.page.version = lookup(r, op.path)?.version ?? null;
        touchLocal(d, ctx.now, 'client', size);
        return {
          errno: null,
          dentry: d,
          note: 'The host has the data; the client stamped mtime with its own clock and does not write that timestamp back.',
        };
      }
      if (d.attrs) d.attrs.size = size;
      return {
        errno: null,
        dentry: d,
        note: 'The host has the data and its own mtime; the client will see that mtime at its next revalidation.',
      };
    }
    case 'fsync': {
      const w = handleFor(ctx, op.path);
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The file could not be opened.' };
      const d = w.d;
      if (d.page.dirtyBytes > 0) {
        ctx.rpc(
          'Twrite',
          op.path,
          `fid ${d.handle} offset 0 count ${d.page.dirtyBytes}`,
          'write back the dirty pages buffered in the page cache.',
          { fid: d.handle },
        );
        remoteWrite(r, op.path, d.attrs?.size ?? 0, ctx.remoteNow, d.page.version ?? undefined);
        d.page.dirtyBytes = 0;
      }
      ctx.rpc('Tfsync', op.path, `fid ${d.handle}`, 'ask the gofer to fsync the host file.', { fid: d.handle });
      return { errno: null, dentry: d, note: 'The data is on the host and synced.' };
    }
    case 'unlink': {
      const names = components(op.path);
      const w = walk(ctx, names.slice(0, -1));
      if (w.errno !== null) return { errno: w.errno, dentry: null, note: 'The parent walk failed.' };
      const name = baseName(op.path);
      const cached = get(ctx.cache, op.path);
      if (!ctx.shared && cached?.negative)
        return {
          errno: 'ENOENT',
          dentry: null,
          note: 'A cached negative dentry says the name does not exist: no RPC.',
        };
      const existed = !!lookup(r, op.path);
      ctx.rpc(
        'Tunlinkat',
        parentOf(op.path),
        `fid ${w.d.fid} ${q(name)}`,
        'remove the name in its parent; VFS2 does not need to instantiate a dentry for the victim first.',
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

export const VFS2_9P: WalkDesign = {
  id: 'vfs2-9p',
  label: 'VFS2 gofer client over 9P',
  protocol: '9P',
  modes: ['exclusive', 'writethrough', 'shared'],
  rpcNs: 1551,
  run,
};
