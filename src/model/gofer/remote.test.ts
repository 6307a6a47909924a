import { describe, expect, it } from 'vitest';
import { createRemote, lookup, remoteCreate, remoteDelete, remoteReplace, remoteWrite } from './remote';

describe('remote filesystem', () => {
  it('creates parents implicitly and gives every node its own inode', () => {
    const r = createRemote({ '/foo/bar/baz': 100 }, 7);
    expect(Object.keys(r.nodes).sort()).toEqual(['/', '/foo', '/foo/bar', '/foo/bar/baz']);
    expect(new Set(Object.values(r.nodes).map((n) => n.ino)).size).toBe(4);
    expect(lookup(r, '/foo/bar/baz')).toMatchObject({ type: 'file', size: 100, mtime: 7 });
  });
  it('keeps the inode on write, changes it on replace, removes subtrees on delete', () => {
    const r = createRemote({ '/foo/bar/baz': 100 }, 0);
    const ino = lookup(r, '/foo/bar/baz')!.ino;
    remoteWrite(r, '/foo/bar/baz', 5, 9);
    expect(lookup(r, '/foo/bar/baz')).toMatchObject({ ino, size: 5, mtime: 9 });
    remoteReplace(r, '/foo/bar/baz', 10);
    expect(lookup(r, '/foo/bar/baz')!.ino).not.toBe(ino);
    remoteDelete(r, '/foo');
    expect(Object.keys(r.nodes)).toEqual(['/']);
    expect(remoteCreate(r, '/foo/x', 'file', 0)).toBe(false);
  });
});
