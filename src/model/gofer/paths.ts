/** Path helpers. Paths are absolute, '/'-separated, without trailing slash ('/' is the root). */

export function components(path: string): string[] {
  if (!path.startsWith('/')) throw new RangeError(`path must be absolute: ${path}`);
  return path.split('/').filter((c) => c.length > 0);
}

export function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export function parentOf(path: string): string {
  const cs = components(path);
  return cs.length <= 1 ? '/' : `/${cs.slice(0, -1).join('/')}`;
}

export function baseName(path: string): string {
  const cs = components(path);
  return cs[cs.length - 1] ?? '/';
}

/** True when `path` is `root` or lies under it. */
export function isWithin(path: string, root: string): boolean {
  return path === root || root === '/' || path.startsWith(`${root}/`);
}
