/**
 * Pure readings of the gofer model for the view: the dentry tree next to the host's truth,
 * the per-operation RPC counts of each column, the log and timeline marks, and which walk
 * case (if any) an operation of a demo is, so measured counts can sit beside the model's.
 */
import {
  WALK_CASES,
  type CachedAttrs,
  type Dentry,
  type GoferEvent,
  type OpOutcome,
  type RemoteNode,
  type ScriptItem,
  type TreeSpec,
} from '../../model/gofer/index';
import type { LogRow } from '../kit/EventList';
import type { Mark } from '../kit/Transport';

export type DentryStatus = 'fresh' | 'stale' | 'negative' | 'wrong-negative' | 'uncached';
export type TouchChange = NonNullable<GoferEvent['touched']>[number]['change'];

export interface DentryRow {
  path: string;
  name: string;
  depth: number;
  dentry: Dentry | null;
  remote: RemoteNode | null;
  status: DentryStatus;
  /** What the current event did to it. */
  touched: TouchChange | null;
}

function depthOf(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}

/** Does the cached copy still describe the host's file? (Same test the model uses for answers.) */
export function dentryStatus(d: Dentry | null, r: RemoteNode | null): DentryStatus {
  if (!d) return 'uncached';
  if (d.negative) return r ? 'wrong-negative' : 'negative';
  if (!r || !d.attrs) return 'stale';
  if (r.ino !== d.attrs.ino || (r.type === 'file' && r.size !== d.attrs.size)) return 'stale';
  return 'fresh';
}

/** Cached dentries and host files together, in tree order (parents before children, names sorted). */
export function dentryRows(
  dentries: Record<string, Dentry>,
  remote: Record<string, RemoteNode>,
  touched: GoferEvent['touched'],
): DentryRow[] {
  const paths = new Set([...Object.keys(dentries), ...Object.keys(remote)]);
  for (const t of touched ?? []) paths.add(t.path);
  const key = (p: string) => (p === '/' ? [''] : p.split('/'));
  const sorted = [...paths].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return ka.length - kb.length;
  });
  const touch = new Map((touched ?? []).map((t) => [t.path, t.change]));
  return sorted.map((path) => {
    const d = dentries[path] ?? null;
    const r = remote[path] ?? null;
    return {
      path,
      name: path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1),
      depth: depthOf(path),
      dentry: d,
      remote: r,
      status: dentryStatus(d, r),
      touched: touch.get(path) ?? null,
    };
  });
}

/** Nanoseconds on a clock as seconds; the host clock runs 3 s ahead, so the two are easy to tell apart. */
export function clockTime(ns: number): string {
  return `${(ns / 1e9).toFixed(6)} s`;
}

export function clockName(c: CachedAttrs['mtimeClock']): string {
  return c === 'client' ? 'sandbox clock' : 'host clock';
}

export function describeItem(item: ScriptItem): string {
  if (item.type === 'op') return `${item.op}("${item.path}")${item.bytes !== undefined ? ` ${item.bytes} B` : ''}`;
  switch (item.change) {
    case 'write':
      return `host rewrites ${item.path} (${item.size} B)`;
    case 'replace':
      return `host deletes and re-creates ${item.path}`;
    case 'delete':
      return `host deletes ${item.path}`;
    case 'create':
      return `host creates ${item.path}`;
  }
}

/** How an answer compares with the host: the heart of the interop demos. */
export function outcomeWords(o: OpOutcome): { tone: 'ok' | 'stale' | 'ahead' | 'error'; text: string } {
  if (o.divergence === 'stale')
    return {
      tone: 'stale',
      text: o.ok ? 'stale: missed the host’s change' : `${o.errno}, but the file exists on the host`,
    };
  if (o.divergence === 'ahead') return { tone: 'ahead', text: 'ahead: host has not seen the write' };
  if (!o.ok) return { tone: 'error', text: o.errno ?? 'failed' };
  return {
    tone: 'ok',
    text: o.size !== null ? `fresh · ${o.size} B${o.version !== null ? ` · v${o.version}` : ''}` : 'fresh',
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The walk case an operation of a demo is: same tree, the same items before it, the same
 * operation. Measured counts are keyed by case, so only such operations can show one.
 */
export function caseForItem(tree: TreeSpec, script: readonly ScriptItem[], index: number): string | null {
  const it = script[index];
  if (it?.type !== 'op') return null;
  const { type: _t, ...op } = it;
  const c = WALK_CASES.find((w) => same(w.tree, tree) && same(w.setup, script.slice(0, index)) && same(w.measured, op));
  return c?.id ?? null;
}

const TAG: Record<GoferEvent['kind'], string> = {
  'op-start': 'op',
  rpc: 'rpc',
  'op-end': 'done',
  'remote-change': 'host',
};

export function goferLogRows(events: readonly GoferEvent[], globalOf: (k: number) => number): LogRow[] {
  return events.map((e, i) => ({
    position: globalOf(i + 1),
    tag: e.kind === 'rpc' ? e.rpc!.name : TAG[e.kind],
    tagClass: `gf-tag-${e.kind}`,
    text: e.text,
    timeNs: e.time,
    ...(e.kind === 'remote-change'
      ? { tone: 'warn' as const }
      : e.outcome && e.outcome.divergence !== 'none'
        ? { tone: 'error' as const }
        : {}),
  }));
}

export function goferMarkers(events: readonly GoferEvent[], globalOf: (k: number) => number): Mark[] {
  const out: Mark[] = [];
  events.forEach((e, i) => {
    if (e.kind === 'remote-change') out.push({ position: globalOf(i + 1), tone: 'remote', label: e.text });
    else if (e.kind === 'op-end' && e.outcome && e.outcome.divergence !== 'none')
      out.push({ position: globalOf(i + 1), tone: 'error', label: e.text });
  });
  return out;
}
