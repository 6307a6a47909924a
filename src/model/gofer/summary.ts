/** Figures for a gofer run: totals per RPC name and per operation, and how often answers were stale. */
import type { GoferState } from './sim';
import type { DesignId, InteropMode } from './types';

export interface GoferSummary {
  design: DesignId;
  mode: InteropMode;
  totalRpcs: number;
  byName: Record<string, number>;
  perOp: { index: number; op: string; path: string; count: number; rpcs: string[] }[];
  staleAnswers: number;
  aheadAnswers: number;
  cachedDentries: number;
  negativeDentries: number;
  deferredReleases: number;
  virtualTimeNs: number;
}

export function summarizeGofer(design: DesignId, mode: InteropMode, s: Readonly<GoferState>): GoferSummary {
  const ds = Object.values(s.run.cache.dentries);
  return {
    design,
    mode,
    totalRpcs: s.run.runningCount,
    byName: { ...s.run.byName },
    perOp: s.ops.map((o) => ({ index: o.index, op: o.op.op, path: o.op.path, count: o.count, rpcs: [...o.rpcs] })),
    staleAnswers: s.ops.filter((o) => o.outcome.divergence === 'stale').length,
    aheadAnswers: s.ops.filter((o) => o.outcome.divergence === 'ahead').length,
    cachedDentries: ds.filter((d) => !d.negative).length,
    negativeDentries: ds.filter((d) => d.negative).length,
    deferredReleases: s.run.cache.deferredReleases,
    virtualTimeNs: s.run.clientNow,
  };
}
