/**
 * Side-by-side round-trip counts. A column is anything that can say how many RPCs a walk
 * case costs: a modelled design in one interop mode, or — the hook for later — counts
 * measured on a real client (e.g. FUSE requests seen by virtiofsd), supplied as plain data.
 */
import { GoferSim } from './sim';
import type { WalkCase } from './cases';
import type { DesignId, InteropMode, OpOutcome, Protocol, RpcRecord } from './types';
import { DESIGNS } from './designs/index';

export interface CaseCount {
  count: number;
  /** RPC names in order, when known. */
  rpcs: string[] | null;
}

export interface CountColumn {
  id: string;
  label: string;
  protocol: Protocol;
  /** 'model' columns are simulated here; 'measured' ones come from real runs. */
  origin: 'model' | 'measured';
  countFor(c: WalkCase): CaseCount | null;
}

export interface CaseRun {
  count: number;
  rpcs: RpcRecord[];
  outcome: OpOutcome;
}

/** Replay a case's set-up, then measure its last operation. */
export function runCase(c: WalkCase, design: DesignId, mode: InteropMode): CaseRun {
  const sim = new GoferSim({ design, mode, tree: c.tree, script: [...c.setup, { type: 'op', ...c.measured }] });
  const events = sim.run();
  const measuredIndex = c.setup.length;
  const rpcs = events.filter((e) => e.item === measuredIndex && e.rpc).map((e) => e.rpc!);
  const op = sim.state.ops[sim.state.ops.length - 1];
  return { count: op.count, rpcs, outcome: op.outcome };
}

export function modelColumn(design: DesignId, mode: InteropMode): CountColumn {
  const d = DESIGNS[design];
  return {
    id: `${design}/${mode}`,
    label: `${d.label} — ${mode}`,
    protocol: d.protocol,
    origin: 'model',
    countFor(c) {
      if (!d.modes.includes(mode)) return null;
      const r = runCase(c, design, mode);
      return { count: r.count, rpcs: r.rpcs.map((x) => x.name) };
    },
  };
}

/**
 * A column of counts measured elsewhere, keyed by case id. This is the fourth-column hook:
 * a native run that replays WALK_CASES on a virtiofs mount and counts FUSE requests
 * (FUSE_LOOKUP, FUSE_GETATTR, …) only has to produce this record.
 */
export function measuredColumn(
  id: string,
  label: string,
  protocol: Protocol,
  counts: Record<string, number | CaseCount>,
): CountColumn {
  return {
    id,
    label,
    protocol,
    origin: 'measured',
    countFor(c) {
      const v = counts[c.id];
      if (v === undefined) return null;
      return typeof v === 'number' ? { count: v, rpcs: null } : v;
    },
  };
}

export interface ComparisonTable {
  columns: { id: string; label: string; protocol: Protocol; origin: 'model' | 'measured' }[];
  rows: { caseId: string; title: string; counts: (CaseCount | null)[] }[];
}

export function comparisonTable(cases: readonly WalkCase[], columns: readonly CountColumn[]): ComparisonTable {
  return {
    columns: columns.map(({ id, label, protocol, origin }) => ({ id, label, protocol, origin })),
    rows: cases.map((c) => ({ caseId: c.id, title: c.title, counts: columns.map((col) => col.countFor(c)) })),
  };
}

/** The default columns: the seed's three designs, plus VFS2 and lisafs in Exclusive. */
export const DEFAULT_COLUMNS: readonly CountColumn[] = [
  modelColumn('vfs1', 'shared'),
  modelColumn('vfs2-9p', 'shared'),
  modelColumn('vfs2-9p', 'exclusive'),
  modelColumn('lisafs', 'shared'),
  modelColumn('lisafs', 'exclusive'),
];
